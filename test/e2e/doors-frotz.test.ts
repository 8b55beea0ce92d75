import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelnetClient } from '../callers/telnet.js';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { findTool, requireTool } from '../helpers/tools.js';

/**
 * Interactive fiction as a door: a tiny story compiled here with Debian's
 * inform6, played in Debian's dfrotz from a telnet caller. Its text
 * appears, a typed command gets the story's answer, the story ends by
 * itself and the caller is back at the doors menu.
 */

const DFROTZ = '/usr/games/dfrotz';
const INFORM = '/usr/bin/inform6';

test('telnet: a story compiled with inform6 plays in dfrotz, answers a command, ends when won, and the caller is back', { timeout: 60_000 }, async (t) => {
  if (!requireTool(t, findTool(DFROTZ), 'dfrotz', 'apt-get install frotz')) return;
  if (!requireTool(t, findTool(INFORM), 'inform6', 'apt-get install inform6-compiler')) return;
  const dir = await mkdtemp(join(tmpdir(), 'frotz-door-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const story = join(dir, 'brass-room.z5');
  execFileSync(INFORM, ['-v5', join(FIXTURES, 'brass-room.inf'), story], { timeout: 20_000 });
  assert.ok((await stat(story)).size > 0, 'the story compiled');

  // -m: no MORE prompts (the caller's terminal scrolls); -q: no interpreter banner.
  const door = { name: 'brass', title: 'The Brass Room', description: 'A tiny story.', command: DFROTZ, args: ['-m', '-q', story] };
  const board = await startDoorBoard(t, { doors: [door] });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'zork');
  const from = c.mark();
  c.type('1\r');
  await c.waitFor('THE BRASS ROOM', { from, timeoutMs: 20_000 });
  await c.waitFor('A brass lamp sits on a table.', { timeoutMs: 20_000 });
  await c.waitFor('>', { timeoutMs: 20_000 });
  c.type('look\r');
  await c.waitFor('A small room with a table. A brass lamp sits on it.', { timeoutMs: 20_000 });
  c.type('dance\r');
  await c.waitFor('The story does not know how to do that.', { timeoutMs: 20_000 });
  c.type('take lamp\r');
  await c.waitFor('Taken. The lamp glows warm in your hand.', { timeoutMs: 20_000 });
  await c.waitFor('*** You have won ***', { timeoutMs: 20_000 });
  // The story quit by itself: the board takes the terminal back without a key from the caller.
  await c.waitFor('Back from The Brass Room', { timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  // What the caller typed was echoed by the story's terminal, once.
  assert.equal(c.text(from).split('take lamp').length - 1, 1, c.text(from));
  c.type('\r');
  await c.waitFor('MAIN MENU', { timeoutMs: 20_000 });
});
