import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelnetClient } from '../callers/telnet.js';
import { startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { descendantsNamed } from '../helpers/process-tree.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

/**
 * A DOS door through the real board, as a sysop would set one up: the door's
 * folder (C: in DOSBox) holds only its program, the call's DOOR.SYS is
 * written by the board into the drop folder (D:) and its DOS path passed on
 * the command line. A telnet caller picks it from the D menu, is greeted by
 * the name the drop file carries, has keys echoed, leaves with q, and is back
 * at the doors menu with no DOSBox left running.
 */

const FIXTURES = new URL('../fixtures/dos/', import.meta.url).pathname;
const DOSBOX = findTool('/usr/bin/dosbox', 'dosbox');
const NASM = findTool('/usr/bin/nasm', 'nasm');

test('telnet: a DOS door in DOSBox from the D menu reads the DOOR.SYS the board wrote for the call, echoes keys, q brings the caller back', { timeout: 180_000 }, async (t) => {
  if (!requireTool(t, DOSBOX, 'dosbox', 'apt-get install dosbox') || !requireTool(t, NASM, 'nasm', 'apt-get install nasm')) return;
  const folder = mkdtempSync(join(tmpdir(), 'dos-door-e2e-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  execFileSync(NASM, ['-f', 'bin', '-o', join(folder, 'HELLO.COM'), join(FIXTURES, 'hello-door.asm')]);

  const board = await startDoorBoard(t, {
    doors: [{ name: 'hello', title: 'Hello Door', description: 'A DOS door in miniature.', kind: 'dosbox', command: 'HELLO.COM', args: ['{doorSys}'], cwd: folder, drop_files: ['door.sys'], encoding: 'cp437' }],
  });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'dosfan');
  c.send('1');
  await c.waitFor('Opening Hello Door', { timeoutMs: 20_000 });
  // DOSBox takes a few seconds to start on a busy machine.
  await c.waitFor('Hello dosfan\n', { timeoutMs: 60_000 });
  const dosboxes = descendantsNamed(board.child.pid!, 'dosbox');
  assert.equal(dosboxes.length, 1, 'one DOSBox runs the door, under the board');
  assert.deepEqual(readdirSync(folder), ['HELLO.COM'], "the call's drop file stays out of the door's own folder");

  const typing = c.mark();
  c.type('abc');
  await c.waitFor('abc', { from: typing, timeoutMs: 20_000 });
  c.type('q');
  await c.waitFor('Back from Hello Door', { from: typing, timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  await until('DOSBox to be gone', () => descendantsNamed(board.child.pid!, 'dosbox').length === 0, 10_000);

  // Still logged in on the board: Enter leaves the doors menu for the main menu.
  c.send('');
  await c.waitFor(/dosfan · sysop · node 1/, { timeoutMs: 20_000 });
});
