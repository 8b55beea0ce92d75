import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { START, step, judge, type Lander } from '../../doors/lander/physics.js';
import { startDoorBoard } from '../helpers/door-board.js';
import { sshOptions, identity } from '../helpers/ssh-client.js';
import { ROOT, type BoardProcess } from '../helpers/spawned-board.js';
import { signUpInTmux, TmuxTerminal } from '../helpers/tmux-terminal.js';
import { autopilot } from '../helpers/lander-autopilot.js';
import { findTool, requireTool } from '../helpers/tools.js';

/**
 * The board's own door, Lunar Lander, as a caller plays it: from Debian's
 * telnet and from OpenSSH in a tmux window, picked from the D menu, the
 * caller's name from DOOR32.SYS on screen, keys echoed, a landing, the
 * score saved, and back at the doors menu still logged in.
 */

const LANDER = join(ROOT, 'dist/doors/lander/main.js');

function built(t: TestContext): boolean {
  if (existsSync(LANDER)) return true;
  if (process.env.CI === 'true') throw new Error(`${LANDER} is missing: npm run build`);
  t.skip('the lander is not built: npm run build');
  return false;
}

/** Sign up at the name prompt and open the doors menu. */
async function signUpToDoors(c: TmuxTerminal, name: string): Promise<void> {
  await signUpInTmux(c, name);
  c.keys('d');
  await c.waitFor('Door number to play');
}


async function flyToTouchdown(c: TmuxTerminal): Promise<number> {
  const { burns, landed } = autopilot();
  let lander: Lander = { ...START };
  for (const burn of burns) {
    c.line(String(burn));
    lander = step(lander, burn);
    if (lander.landed) break;
    await c.waitFor(`Altitude   ${lander.altitude.toFixed(1)} m`);
  }
  const { score } = judge(landed);
  await c.waitFor(`Score: ${score}`);
  return score;
}

async function scores(board: BoardProcess): Promise<Array<{ name: string; score: number }>> {
  return JSON.parse(await readFile(join(board.data, 'doors/lander/scores.json'), 'utf8')) as Array<{ name: string; score: number }>;
}

test('Debian telnet in tmux: Lunar Lander from the D menu, greeted by name, a key echoed, landed, the score kept, back at the doors menu', { timeout: 180_000 }, async (t) => {
  if (!built(t) || !requireTool(t, findTool('telnet'), 'the telnet client', 'apt-get install inetutils-telnet')) return;
  const board = await startDoorBoard(t, {});
  const c = TmuxTerminal.open(t, ['telnet', '127.0.0.1', String(board.ports.telnet)]);
  if (!c) return;
  await signUpToDoors(c, 'pilot');
  assert.match(c.screen(), /Lunar Lander/);
  c.line('1');
  await c.waitFor('Welcome, pilot, to LUNAR LANDER');
  c.keys(' ');
  await c.waitFor('Burn 0-9');
  c.keys('7');
  await c.waitFor('Q: leave): 7');
  c.keys('BSpace', false);
  const score = await flyToTouchdown(c);
  c.keys('x');
  await c.waitFor('Back from Lunar Lander');
  await c.waitFor('Door number to play');
  assert.deepEqual((await scores(board)).map((s) => s.name), ['pilot']);
  assert.equal((await scores(board))[0]!.score, score);
  // Still logged in: Enter goes back to the main menu, under the same name (the board's first account is its sysop).
  c.line('');
  await c.waitFor(/pilot · sysop · node 1/);
});

test('OpenSSH -tt in tmux: the lander plays over SSH, Esc leaves it, and the caller is back at the doors menu', { timeout: 120_000 }, async (t) => {
  if (!built(t) || !requireTool(t, findTool('ssh'), 'the ssh client', 'apt-get install openssh-client')) return;
  const board = await startDoorBoard(t, {});
  const c = TmuxTerminal.open(t, ['ssh', '-tt', ...sshOptions(board.ports.ssh!, identity(null)), 'bbs@127.0.0.1'], { cols: 100, rows: 30 });
  if (!c) return;
  await signUpToDoors(c, 'astro');
  c.line('1');
  await c.waitFor('Welcome, astro, to LUNAR LANDER');
  c.keys(' ');
  await c.waitFor('Burn 0-9');
  // The door drew for the caller's 100x30 window: its panel sits 20 columns further right than at 80.
  assert.ok(c.screen().split('\n').some((row) => row.indexOf('Pilot') === 74), c.screen());
  c.keys('Escape', false);
  await c.waitFor('Back from Lunar Lander');
  await c.waitFor('Door number to play');
});
