import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDoorBoard } from '../helpers/door-board.js';
import { signUp } from '../helpers/terminal-login.js';
import { TmuxTerminal } from '../helpers/tmux-terminal.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';

/**
 * NetHack (Debian's nethack-console), a real curses-style game, as a
 * full-screen door played from Debian's telnet in a tmux window: its map
 * and status lines on the caller's screen, a bigger window reaching the
 * game's terminal, and a caller whose line drops leaves no game running.
 */

const NETHACK = '/usr/games/nethack';
/** Debian's compiled-in playground: scores, locks and saved games, shared by every player on the machine. */
const PLAYGROUND = '/var/games/nethack';

/** The row (0 = top) of the first screen line holding `text`, or -1. */
function rowOf(screen: string, text: string): number {
  return screen.split('\n').findIndex((row) => row.includes(text));
}

/**
 * Whether a process is still running. One that has ended but whose parent
 * has not collected it yet (a zombie: its group's leader was killed, so
 * init adopts it and reaps it in its own time) runs nothing any more.
 */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Running processes whose command is `comm` and whose environment holds `marker`: this door's game and nobody else's. */
function processesWith(comm: string, marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== comm || !running(Number(entry))) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').some((v) => v.includes(marker))) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** The size of the terminal a process reads from, as stty says it: "rows cols". */
function terminalSize(pid: number): string {
  const tty = readlinkSync(`/proc/${pid}/fd/0`);
  return execFileSync('stty', ['-F', tty, 'size'], { timeout: 5000 }).toString().trim();
}

/** What the game leaves in the shared playground for one name: its lock files while it runs, its save after a hang-up. */
function playgroundFilesOf(name: string): string[] {
  const mine = (dir: string): string[] => {
    try {
      return readdirSync(dir).filter((f) => f.includes(name)).map((f) => join(dir, f));
    } catch {
      return [];
    }
  };
  return [...mine(PLAYGROUND), ...mine(join(PLAYGROUND, 'save'))];
}

/**
 * The door as a sysop would list it: a private HOME for the game's own
 * files, and options that skip the intro and the character questions. The
 * player's name is unique to this run, since the playground's locks are
 * per name and another run may play at the same time.
 */
async function nethackDoor(t: TestContext): Promise<{ door: Record<string, unknown>; name: string }> {
  const home = await mkdtemp(join(tmpdir(), 'nethack-door-'));
  const name = `hk${process.pid}`;
  t.after(() => rm(home, { recursive: true, force: true }));
  const door = {
    name: 'nethack',
    title: 'NetHack',
    description: 'Find the Amulet of Yendor.',
    command: NETHACK,
    cwd: home,
    env: { HOME: home, NETHACKOPTIONS: `name:${name},role:val,race:hum,gender:fem,align:law,!autopickup,!legacy,!news` },
  };
  return { door, name };
}

test('Debian telnet in tmux: NetHack draws its map and status, its terminal follows a bigger window, and a dropped line leaves no nethack running', { timeout: 90_000 }, async (t) => {
  if (!requireTool(t, findTool(NETHACK), 'nethack', 'apt-get install nethack-console')) return;
  if (!requireTool(t, findTool('telnet'), 'the telnet client', 'apt-get install inetutils-telnet')) return;
  const { door, name } = await nethackDoor(t);
  const board = await startDoorBoard(t, { doors: [door] });
  // Added after the board's own teardown, so it runs once the board has ended the game and the game has saved.
  t.after(() => {
    for (const f of playgroundFilesOf(name)) rmSync(f, { force: true });
  });
  const c = TmuxTerminal.open(t, ['telnet', '127.0.0.1', String(board.ports.telnet)], { cols: 80, rows: 24 });
  if (!c) return;
  await signUp({ expect: (p) => c.waitFor(p), send: (k) => c.keys(k), line: (l) => c.line(l) }, 'valkyrie', 'password1', { key: 'y' });
  c.keys('d');
  await c.waitFor('Door number to play');
  c.line('1');

  // The game's own screen: the welcome on the top line, the hero on the map, the two status lines at the foot of 24 rows.
  const title = `${name[0]!.toUpperCase()}${name.slice(1)} the Stripling`;
  await c.waitFor(/Dlvl:1 .*HP:\d+\(\d+\)/);
  await c.waitFor('welcome to NetHack!');
  await c.waitFor(title);
  // The hero on the map, between the message line and the status lines.
  const screen = await c.waitFor(/@/);
  assert.ok(rowOf(screen, '@') > 0 && rowOf(screen, '@') < 22, screen);
  assert.match(screen, /St:[\d/*]+ Dx:\d+/, screen);
  assert.equal(rowOf(screen, 'Dlvl:1'), 23, screen);
  assert.equal(rowOf(screen, title), 22, screen);
  const playing = processesWith('nethack-console', name);
  assert.ok(playing.length > 0, 'the game runs while the caller plays');
  assert.equal(terminalSize(playing[0]!), '24 80');

  // A bigger window: telnet reports it and the board sizes the game's own terminal to it. (Debian's NetHack
  // reads its size once at the start and does not redraw on SIGWINCH, even in a plain terminal: the size is
  // read back from the terminal the game holds.)
  c.resize(100, 30);
  await until(() => `the game's terminal at 100x30, now ${terminalSize(playing[0]!)}`, () => terminalSize(playing[0]!) === '30 100' || null, 20_000, 50);
  assert.match(c.screen(), /Dlvl:1/, 'the game is still on the screen');

  // The caller's line drops: the board hangs the game up, and nothing of it is left running.
  process.kill(c.pid(), 'SIGKILL');
  await until(() => `no nethack left; still running: ${processesWith('nethack-console', name).join(', ')}`, () => processesWith('nethack-console', name).length === 0 || null, 20_000, 100);
  for (const pid of playing) assert.ok(!running(pid), `process ${pid} has ended`);
  // Hung up, not shot: NetHack saved the game on its SIGHUP before the board would have killed it.
  assert.ok(playgroundFilesOf(name).some((f) => f.startsWith(join(PLAYGROUND, 'save'))), `a saved game for ${name}`);
});
