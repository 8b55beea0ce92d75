import { sleep } from '../lib/stats.js';
import type { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';
import { doorCaller, toDoorsMenu } from './door-caller.js';
import { pool } from './pace.js';

export interface DoorEchoParams {
  port: number;
  /** Account numbers to log in as, one caller each. */
  accounts: number[];
  /** The echo door's number in the doors menu. */
  door: number;
  intervalMs: number;
  /** The quiet phase's length. */
  durationMs: number;
  /** The second phase runs until the benchmark's next word, or this long at most. */
  maxBusyMs: number;
}

export interface DoorEchoResult {
  atMenu: number;
  inDoor: number;
  /** Round trips of the quiet phase, then of the busy one (ms). */
  phases: number[][];
  errors: string[];
}

/** What each caller types: digits, which nothing the board shows before the door's echo can be mistaken for. */
const KEYS = '0123456789';
/** Typed until it comes back: the door is running and has the terminal raw. */
const SYNC = '#';

/**
 * Callers in an echo door (a program that writes back every byte it reads),
 * each typing one key per interval: the time from the key to its echo is a
 * keystroke's round trip through the board, the door's terminal and back.
 * Phases, each on the benchmark's word: log in and wait at the doors menu;
 * pick the door; type for `durationMs`; type again until told to stop (while
 * something else loads the board).
 */
export async function doorEcho(p: DoorEchoParams, ctx: TaskContext): Promise<DoorEchoResult> {
  const errors: string[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  const callers: TelnetCaller[] = [];
  await pool(p.accounts.length, 20, async (i) => {
    const c = doorCaller(p.port, p.accounts[i]!);
    try {
      callers.push(await toDoorsMenu(c, p.accounts[i]!));
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  ctx.ready({ atMenu: callers.length });
  await ctx.go();
  const playing: TelnetCaller[] = [];
  await pool(callers.length, 20, async (i) => {
    const c = callers[i]!;
    try {
      await enterDoor(c, p.door);
      playing.push(c);
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  ctx.ready({ inDoor: playing.length });
  await ctx.go();
  const quiet: number[] = [];
  const quietEnd = performance.now() + p.durationMs;
  await Promise.all(playing.map((c) => keyPresses(c, () => performance.now() >= quietEnd, p.intervalMs, quiet, fail)));
  ctx.ready({ phase: 'quiet' });
  await ctx.go();
  // The busy phase ends at the benchmark's word (when the load beside it is done), or at its bound.
  let told = false;
  void ctx.go().then(() => (told = true));
  const busy: number[] = [];
  const busyEnd = performance.now() + p.maxBusyMs;
  await Promise.all(playing.map((c) => keyPresses(c, () => told || performance.now() >= busyEnd, p.intervalMs, busy, fail)));
  for (const c of callers) c.close();
  return { atMenu: callers.length, inDoor: playing.length, phases: [quiet, busy], errors };
}

/** Pick the door, then type the sync key until it comes back: bytes typed while the terminal is handed over may land before the door reads them. */
async function enterDoor(c: TelnetCaller, door: number): Promise<void> {
  c.send(String(door));
  await c.until('Opening', 30_000);
  for (let tries = 0; ; tries++) {
    c.type(SYNC);
    try {
      await c.until(SYNC, 1000);
      return;
    } catch (err) {
      if (tries >= 30 || c.screen.isEnded) throw err;
    }
  }
}

async function keyPresses(c: TelnetCaller, done: () => boolean, intervalMs: number, latencies: number[], fail: (err: unknown) => void): Promise<void> {
  await sleep(Math.random() * intervalMs);
  for (let n = 0; !done(); n++) {
    const key = KEYS[n % KEYS.length]!;
    const sent = performance.now();
    c.socket.write(key);
    try {
      await c.until(key, 10_000);
      latencies.push(performance.now() - sent);
    } catch (err) {
      fail(err);
      return;
    }
    await sleep(Math.max(0, sent + intervalMs - performance.now()));
  }
}
