import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TERMINAL, type InputEvent } from '../../../../src/session/events.js';
import { TerminalSession } from '../../../../src/transports/terminal/terminal-session.js';
import { TERMINAL_RESET } from '../../../../src/transports/terminal/raw-mode.js';

/** A terminal session whose wire is recorded, with a backlog the test sets. */
function session() {
  const writes: Buffer[] = [];
  const events: InputEvent[] = [];
  let backlog = 0;
  const s = new TerminalSession({
    terminal: { ...DEFAULT_TERMINAL },
    wire: { write: (bytes) => writes.push(bytes), input: (e) => events.push(e), backlog: () => backlog },
  });
  const taken = (): string => Buffer.concat(writes.splice(0)).toString('latin1');
  return { s, events, taken, setBacklog: (n: number) => (backlog = n) };
}

const ALL = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

test('handed off: every byte both ways untouched, at any split; sizes to the listener; no line editing, no echo', () => {
  const { s, events, taken } = session();
  s.deliver({ type: 'prompt', text: 'Door number:', pchar: '> ', mode: 'line', maxLength: 4 });
  s.receive(Buffer.from('1\r'));
  taken();
  const got: Buffer[] = [];
  const sizes: Array<[number, number]> = [];
  const raw = s.openRaw({ bytes: (b) => got.push(Buffer.from(b)), resize: (c, r) => sizes.push([c, r]) })!;
  assert.ok(raw);
  assert.equal(s.openRaw({ bytes: () => {}, resize: () => {} }), null, 'one hand-off at a time');
  for (let cut = 0; cut <= ALL.length; cut += 37) {
    s.receive(ALL.subarray(0, cut));
    s.receive(ALL.subarray(cut));
  }
  const keys = Buffer.concat(got);
  assert.equal(keys.length, ALL.length * 7);
  for (let i = 0; i < 7; i++) assert.deepEqual(keys.subarray(i * 256, (i + 1) * 256), ALL);
  assert.equal(taken(), '', 'the board echoes nothing while the door has the terminal');
  assert.deepEqual(events.filter((e) => e.type === 'line'), [{ type: 'line', text: '1' }], 'no line events from a handed-off terminal');
  assert.equal(raw.write(ALL), true);
  assert.equal(taken(), ALL.toString('latin1'), 'the door\'s bytes as they are');
  s.resize(100, 30);
  assert.deepEqual(sizes, [[100, 30]]);
  assert.deepEqual(events.at(-1), { type: 'resize', cols: 100, rows: 30 }, 'the conversation still hears the size');
});

test('a page while handed off waits for the terminal to come back; closing resets the terminal and draws it then', () => {
  const { s, taken } = session();
  const raw = s.openRaw({ bytes: () => {}, resize: () => {} })!;
  s.deliver({ type: 'screen', text: 'Page from sysop: hello' });
  assert.equal(taken(), '', 'nothing lands on the door\'s screen');
  raw.close();
  raw.close();
  const after = taken();
  assert.ok(after.startsWith(TERMINAL_RESET), JSON.stringify(after));
  assert.ok(after.includes('Page from sysop: hello'));
  assert.equal(raw.write(Buffer.from('late')), false, 'a closed hand-off writes nothing');
  assert.equal(taken(), '');
});

test('a backlog on the wire makes the handle say so; an exit ends the hand-off and still says goodbye', () => {
  const { s, taken, setBacklog } = session();
  const raw = s.openRaw({ bytes: () => {}, resize: () => {} })!;
  setBacklog(1024 * 1024);
  assert.equal(raw.write(Buffer.from('x')), false);
  assert.equal(raw.writable, false);
  setBacklog(0);
  assert.equal(raw.writable, true);
  taken();
  s.deliver({ type: 'exit', text: 'The board is going down.' });
  const out = taken();
  assert.ok(out.startsWith(TERMINAL_RESET) && out.includes('The board is going down.'), JSON.stringify(out));
  assert.equal(raw.write(Buffer.from('after')), false);
});
