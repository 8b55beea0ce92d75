import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TelnetClient } from '../callers/telnet.js';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { escapeIac } from '../../src/transports/telnet/telnet-parser.js';
import { SshBytes, WebSocketBytes, type ByteTerminal } from '../callers/byte-terminal.js';
import { signUp } from '../helpers/terminal-login.js';

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
  // Waits count from a mark, not from the last match: text matching re-encodes the raw bytes above and cannot place itself after them.
  const sent = c.mark();
  c.socket.write(escapeIac(ALL));
  await c.waitFor(/GOT [0-9a-f]{512}/, { from: sent, timeoutMs: 20_000 });
  const got = /GOT ([0-9a-f]{512})/.exec(c.text(from))![1]!;
  assert.equal(got, ALL.toString('hex'));
  await c.waitFor('Back from Byte Mirror', { from: sent, timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
});

/** Sign up on a byte terminal and play the mirror: its 256 bytes arrive intact, ours reach it intact. */
async function mirrorOver(c: ByteTerminal, name: string): Promise<void> {
  await signUp({ expect: (p) => c.waitFor(p), send: (k) => c.write(k), line: (l) => c.write(`${l}\r`) }, name, 'password1', { key: 'y' });
  c.write('d');
  await c.waitFor('Door number to play');
  const from = c.mark();
  c.write('1\r');
  await c.waitFor('SEND 256', { from });
  assert.deepEqual(between(c.data.subarray(from), '<<ALL>>', '<<END>>'), ALL);
  const sent = c.mark();
  c.write(ALL);
  await c.waitFor(/GOT [0-9a-f]{512}/, { from: sent });
  assert.equal(/GOT ([0-9a-f]{512})/.exec(c.text(sent))![1], ALL.toString('hex'));
  await c.waitFor('Back from Byte Mirror', { from: sent });
}

test('SSH and the browser page: the same 256 bytes both ways through the door, untouched', { timeout: 120_000 }, async (t) => {
  const board = await startDoorBoard(t, { doors: [MIRROR] });
  const ssh = await SshBytes.dial(board.ports.ssh!);
  t.after(() => ssh.close());
  await mirrorOver(ssh, 'sshfan');
  const ws = await WebSocketBytes.dial(board.ports.http!);
  t.after(() => ws.close());
  await mirrorOver(ws, 'webfan');
});
