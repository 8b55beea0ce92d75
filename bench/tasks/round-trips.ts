import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { sleep } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';
import { telnetLogIn } from '../../test/callers/log-in.js';
import { pool } from './pace.js';

export interface RoundTripParams {
  port: number;
  /** Account numbers to log in as, one caller each. */
  accounts: number[];
  intervalMs: number;
  durationMs: number;
  phases: number;
  /** False: stay at the name prompt and press ? there (the floor server answers any key with the main menu). */
  logIn?: boolean;
}

export interface RoundTripResult {
  phases: number[][];
  /** For each latency of each phase, the wall time (ms) its key was sent: to tell one stretch of a phase from another. */
  sentAt: number[][];
  loggedIn: number;
  errors: string[];
}

/** After the '?' key: the whole menu drawn again, with its prompt. */
const ANSWER = /MAIN MENU[\s\S]*?UTC\s*> /;

/**
 * Callers logged in at the main menu (or, against the floor, at its name prompt), each pressing ? (draw the menu again)
 * once per interval: the time from the key to the redrawn menu's prompt
 * is one prompt round trip (line in, next screen out).
 */
export async function roundTrips(p: RoundTripParams, ctx: TaskContext): Promise<RoundTripResult> {
  const callers: TelnetCaller[] = [];
  const errors: string[] = [];
  await pool(p.accounts.length, 20, async (i) => {
    // Each from its own address: logins from one address would stand in the password back-off's line.
    const c = new TelnetCaller({ port: p.port, negotiate: true, localAddress: callerAddress(p.accounts[i]!) });
    try {
      if (p.logIn === false) await c.until("Who's calling?", 120_000);
      else await telnetLogIn(c, callerName(p.accounts[i]!), BENCH_PASSWORD, 120_000);
      callers.push(c);
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
      c.close();
    }
  });
  ctx.ready({ loggedIn: callers.length });
  // One phase per word from the benchmark (quiet, then with logins hashing alongside): each phase's latencies on their own.
  const phases: number[][] = [];
  const sentAt: number[][] = [];
  for (let phase = 0; phase < p.phases; phase++) {
    await ctx.go();
    const taken: Taken = { latencies: [], sentAt: [] };
    const end = performance.now() + p.durationMs;
    await Promise.all(callers.map((c) => keyPresses(c, end, p.intervalMs, taken, errors)));
    phases.push(taken.latencies);
    sentAt.push(taken.sentAt);
    if (phase < p.phases - 1) ctx.ready({ phase });
  }
  for (const c of callers) c.close();
  return { phases, sentAt, loggedIn: callers.length, errors };
}

interface Taken {
  latencies: number[];
  sentAt: number[];
}

async function keyPresses(c: TelnetCaller, end: number, intervalMs: number, taken: Taken, errors: string[]): Promise<void> {
  await sleep(Math.random() * intervalMs);
  while (performance.now() < end) {
    const sent = performance.now();
    c.socket.write('?');
    try {
      await c.until(ANSWER, 10_000);
      taken.latencies.push(performance.now() - sent);
      taken.sentAt.push(performance.timeOrigin + sent);
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
      return;
    }
    await sleep(Math.max(0, sent + intervalMs - performance.now()));
  }
}
