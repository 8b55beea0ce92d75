import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpeningCallers } from '../../../src/flows/live-notices.js';
import type { SessionIO } from '../../../src/session/io.js';
import { LocalBus } from '../../../src/session/live.js';

/** Just what a broadcast needs of a caller: whether the call is up, and a screen to print on. */
function caller(shown: string[]): SessionIO {
  const io = {
    ended: false,
    session: { user: null, timeZone: 'UTC' },
    render: (name: string, vars: { text?: string }) => `${name}: ${vars.text ?? ''}`,
    print: (text: string) => void shown.push(text),
  };
  return io as unknown as SessionIO;
}

const broadcast = (text: string) => ({ kind: 'broadcast' as const, from: 'sysop', text, at: 0 });

test('callers at the opening hear broadcasts through one subscription, held only while someone waits', () => {
  const bus = new LocalBus();
  const opening = new OpeningCallers<number>(bus);
  const [a, b] = [[] as string[], [] as string[]];
  const [ioA, ioB] = [caller(a), caller(b)];
  opening.join(ioA, 1);
  opening.join(ioB, 2);
  assert.equal(bus.subscribers, 1);
  bus.publish(broadcast('hello'));
  assert.deepEqual([a, b], [['broadcast: hello'], ['broadcast: hello']]);
  assert.equal(opening.leave(ioA), 1);
  bus.publish(broadcast('again'));
  assert.deepEqual([a.length, b.length], [1, 2]);
  assert.equal(opening.leave(ioB), 2);
  assert.equal(bus.subscribers, 0);
  assert.equal(opening.leave(ioB), undefined, 'a caller who left is no longer kept');
});

test('what is kept for a caller is replaced only while it is still what it was', () => {
  const opening = new OpeningCallers<string>(new LocalBus());
  const io = caller([]);
  opening.join(io, 'pending');
  opening.replace(io, 'something else', 'written');
  opening.replace(io, 'pending', 'row 7');
  assert.equal(opening.leave(io), 'row 7');
  // A row written after its caller left is not kept for a caller who is gone.
  opening.replace(io, 'row 7', 'late');
  assert.equal(opening.leave(io), undefined);
});
