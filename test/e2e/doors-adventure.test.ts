import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TelnetClient } from '../callers/telnet.js';
import { join } from 'node:path';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { PtyProcess } from '../helpers/pty.js';
import { signUp } from '../helpers/terminal-login.js';
import { findTool, requireOriginalClient, requireTool } from '../helpers/tools.js';

/**
 * Colossal Cave (bsdgames' adventure), a real Debian program, as a
 * line-based door: played a few moves from a telnet terminal, and from the
 * 2010 Python client on the JSON socket, which gets the game's text as
 * screens and a prompt whenever the game waits for a line.
 */

const ADVENTURE = '/usr/games/adventure';

const DOOR = {
  name: 'adventure',
  title: 'Colossal Cave',
  description: 'The original text adventure.',
  command: ADVENTURE,
  line_based: true,
};

/** A door that needs a terminal, listed beside adventure: the 2010 client is told so and never handed over. */
const FULL_SCREEN = { name: 'sleeper', title: 'Sleeper', description: 'Sits and waits.', command: join(FIXTURES, 'sleeper.sh') };

function haveAdventure(t: Parameters<typeof requireTool>[0]): boolean {
  return requireTool(t, findTool(ADVENTURE), 'adventure', 'apt-get install bsdgames');
}

test('telnet: adventure as a door, no instructions, into the well house, quit, and back at the doors menu', { timeout: 60_000 }, async (t) => {
  if (!haveAdventure(t)) return;
  const board = await startDoorBoard(t, { doors: [DOOR] });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'crowther');
  assert.match(c.text(), /Colossal Cave/);
  const from = c.mark();
  c.type('1\r');
  await c.waitFor('Would you like instructions?', { from, timeoutMs: 20_000 });
  // Enter as a terminal in binary mode sends it: a lone CR, which the door's terminal turns into a newline.
  c.type('no\r');
  await c.waitFor('end of a road before a small brick building', { timeoutMs: 20_000 });
  c.type('enter building\r');
  await c.waitFor('well house for a large spring', { timeoutMs: 20_000 });
  await c.waitFor('shiny brass lamp', { timeoutMs: 20_000 });
  // The door's terminal echoes: what the caller typed is on their screen once, as they typed it.
  assert.equal(c.text(from).split('enter building').length - 1, 1, c.text(from));
  c.type('quit\r');
  await c.waitFor('really want to quit', { timeoutMs: 20_000 });
  c.type('yes\r');
  await c.waitFor(/You scored \d+ out of a possible 350/, { timeoutMs: 20_000 });
  await c.waitFor('Back from Colossal Cave', { timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  // Still logged in: Enter leaves the doors menu for the main menu.
  c.type('\r');
  await c.waitFor('MAIN MENU', { timeoutMs: 20_000 });
});

test('the original 2010 client: a full-screen door is refused in words, adventure comes as screens and prompts, into the well house, quit, and back at the doors menu', { timeout: 60_000 }, async (t) => {
  if (!haveAdventure(t)) return;
  const original = requireOriginalClient(t);
  if (!original) return;
  const board = await startDoorBoard(t, { doors: [DOOR, FULL_SCREEN] });
  const c = PtyProcess.spawn([original.python, original.client, '127.0.0.1', String(board.ports.tcpjson!)]);
  t.after(() => c.kill());
  const wait = (p: string | RegExp): Promise<string> => c.expect(p, 20_000);
  await signUp({ expect: wait, send: (k) => c.send(k), line: (l) => c.line(l) }, 'woods', 'password1', { line: 'y' });
  c.line('d');
  await wait('Colossal Cave');
  await wait('Door number to play');
  c.line('2');
  await wait('Sleeper needs a real terminal');
  await wait('Door number to play');
  assert.doesNotMatch(c.text(), /Opening Sleeper|Back from Sleeper/);
  c.line('1');
  await wait('Would you like instructions?');
  // The client types only when asked: the door's quiet after its question must have become a prompt.
  await wait('> ');
  c.line('no');
  await wait('end of a road before a small brick building');
  await wait('> ');
  c.line('enter building');
  await wait('well house for a large spring');
  await wait('shiny brass lamp');
  await wait('> ');
  c.line('quit');
  await wait('really want to quit');
  await wait('> ');
  c.line('yes');
  await wait(/You scored \d+ out of a possible 350/);
  await wait('Back from Colossal Cave');
  await wait('Door number to play');
  // The door's terminal had its echo off: the client shows the typed line itself, and the game's text never repeats it.
  assert.equal(c.text().split('enter building').length - 1, 1, c.text());
  c.line('');
  await wait('MAIN MENU');
  c.line('q');
  await wait('Log off?');
  c.line('y');
  assert.equal(await c.exited, 0, 'the client exits 0 on the exit reply');
});
