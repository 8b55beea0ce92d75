import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { askBoard } from '../../src/control/client.js';
import { TelnetClient } from '../callers/telnet.js';
import { startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { signUp } from '../helpers/terminal-login.js';
import { until } from '../helpers/until.js';

/**
 * The gateway to another board, from a caller's chair: board A lists board
 * B (a second real board on loopback) under `gateways:`; a telnet caller on
 * A picks it from the D menu, signs up on B, comes back with Ctrl-] q and is
 * still logged in on A. A listed board that is down answers with a note, and
 * the menu offers nothing but what the config lists.
 */

/** A loopback port nothing listens on: taken from the system, then let go. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** Who is on a board now, by account name (null before they log in), from its control socket. */
async function callersOn(data: string): Promise<Array<string | null>> {
  const answer = await askBoard(data, { cmd: 'who' });
  assert.ok(answer.ok, JSON.stringify(answer));
  return (answer.callers ?? []).map((caller) => caller.user);
}

test('telnet on board A: D, the far board B, sign up there, Ctrl-] q, back on A still logged in; a board that is down gives a note', { timeout: 180_000 }, async (t) => {
  const far = await startBoardProcess({ t, args: ['--name', 'Far Side BBS'], env: { BBS_MOTD: 'News from the far side.' } });
  const board = await startDoorBoard(t, {
    doors: [],
    gateways: [
      { name: 'far', title: 'The Far Side', description: 'Our neighbour board.', host: '127.0.0.1', port: far.ports.telnet },
      { name: 'dark', title: 'Dark Board', description: 'Gone quiet.', host: '127.0.0.1', port: await deadPort() },
    ],
  });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'homebody');
  assert.match(c.text(), /The Far Side[\s\S]*Dark Board/);

  // Only the listed boards are offered: a number past the list, or an address typed in, is a bad choice.
  for (const typed of ['3', `127.0.0.1:${far.ports.telnet}`]) {
    c.send(typed);
    await c.waitFor("There is no door '", { timeoutMs: 20_000 });
    await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  }
  assert.deepEqual(await callersOn(far.data), [], 'nothing reached the far board');

  c.send('1');
  await c.waitFor('Connecting to The Far Side', { timeoutMs: 20_000 });
  await c.waitFor('Connected to The Far Side. Press Ctrl-] then q to come back.', { timeoutMs: 20_000 });
  await c.waitFor('Welcome to Far Side BBS', { timeoutMs: 20_000 });
  await signUp({ expect: (p) => c.waitFor(p, { timeoutMs: 20_000 }), send: (k) => c.type(k), line: (l) => c.send(l) }, 'roamer', 'password1', { key: 'y' });
  assert.match(c.text(), /News from the far side\./, 'the far board shows its own news');
  await c.waitFor(/roamer · sysop · node 1/, { timeoutMs: 20_000 });
  assert.deepEqual(await callersOn(far.data), ['roamer'], 'the far board has the visitor logged in');

  const leaving = c.mark();
  c.type('\x1d');
  c.type('q');
  await c.waitFor('Back from The Far Side', { from: leaving, timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  await until('the far board to see the visitor hang up', async () => (await callersOn(far.data)).length === 0, 20_000, 100);

  // A listed board that is not answering: a note, and the doors menu again.
  const dialing = c.mark();
  c.send('2');
  await c.waitFor('Dark Board refused the connection: it is not taking calls right now.', { from: dialing, timeoutMs: 20_000 });
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });

  // Still the same caller on A: Enter leaves the doors menu for A's main menu.
  c.send('');
  await c.waitFor(/homebody · sysop · node 1/, { timeoutMs: 20_000 });
});
