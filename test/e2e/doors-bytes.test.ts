import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TelnetClient } from '../callers/telnet.js';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { escapeIac } from '../../src/transports/telnet/telnet-parser.js';

const ALL = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const MIRROR = {
  name: 'mirror',
  title: 'Byte Mirror',
  description: 'Every byte there and back.',
  command: process.execPath,
  args: [join(FIXTURES, 'byte-mirror.mjs')],
  tty: 'raw',
};

/** The 256 bytes the door sent, as the caller received them between its markers. */
function between(data: Buffer, start: string, end: string): Buffer {
  const a = data.indexOf(start);
  const b = data.indexOf(end, a + start.length);
  assert.ok(a >= 0 && b > a, `markers ${start} and ${end} in what arrived`);
  return data.subarray(a + start.length, b);
}

test('telnet: a door gets every byte value the caller sends (IAC doubled on the wire) and the caller every byte it writes, then is back at the doors menu', { timeout: 120_000 }, async (t) => {
  const board = await startDoorBoard(t, { doors: [MIRROR] });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'bytefan');
  const from = c.mark();
  c.send('1');
  await c.waitFor('SEND 256', { timeoutMs: 20_000 });
  assert.deepEqual(between(c.data.subarray(from), '<<ALL>>', '<<END>>'), ALL);
  c.socket.write(escapeIac(ALL));
  await c.waitFor(/GOT [0-9a-f]{512}/, { timeoutMs: 20_000 });
  const got = /GOT ([0-9a-f]{512})/.exec(c.text(from))![1]!;
  assert.equal(got, ALL.toString('hex'));
  await c.waitFor('Back from Byte Mirror', { timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
});
