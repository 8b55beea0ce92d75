import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { sleep } from '../lib/stats.js';
import { JsonCaller } from '../../test/callers/json.js';
import { dialOnce } from '../../test/callers/redial.js';
import type { TaskContext } from './index.js';
import { pool } from './pace.js';

export interface FailoverParams {
  /** The JSON socket of the host these callers start on (the one that will be killed). */
  hostPort: number;
  /** The balancer's JSON-socket port, which the callers dial again after the line drops. */
  frontPort: number;
  accounts: number[];
  /** Seconds before each redial, as clients/dialer.py waits. */
  redialPauses: readonly number[];
}

export interface FailoverResult {
  loggedIn: number;
  /** Wall time (ms) each caller saw its line drop. */
  droppedAt: number[];
  /** Wall time (ms) each caller was logged in again, at the main menu's "go on?" (absent: it never was). */
  backAt: number[];
  /** How many dials each caller needed after the drop. */
  dials: number[];
  errors: string[];
}

/** How long one login may wait in the password queue: a thousand at once wait a minute or more at two cores. */
const LOGIN_PATIENCE_MS = 240_000;

/** Wall time, the same in every process on the machine. */
const wallMs = (): number => performance.timeOrigin + performance.now();

async function logIn(c: JsonCaller, account: number): Promise<void> {
  await c.prompt("Who's calling?", 30_000);
  c.send(callerName(account));
  await c.prompt('Password:', LOGIN_PATIENCE_MS);
  c.send(BENCH_PASSWORD);
  await c.prompt('go on?', LOGIN_PATIENCE_MS);
}

/**
 * Callers logged in on one host over the JSON socket. After the go, each
 * waits for its line to drop (the host is killed), then does what
 * clients/dialer.py does: waits its first redial pause, dials the balancer,
 * and on NO ANSWER or BUSY waits the next pause and dials again; once a line
 * answers it logs in as before.
 */
export async function failoverCallers(p: FailoverParams, ctx: TaskContext): Promise<FailoverResult> {
  const errors: string[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  const seated: Array<{ c: JsonCaller; account: number }> = [];
  await pool(p.accounts.length, 20, async (i) => {
    const account = p.accounts[i]!;
    const c = await JsonCaller.dial({ port: p.hostPort, localAddress: callerAddress(account) });
    try {
      await logIn(c, account);
      seated.push({ c, account });
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  ctx.ready({ loggedIn: seated.length });
  await ctx.go();
  const droppedAt: number[] = [];
  const backAt: number[] = [];
  const dials: number[] = [];
  // Callers back on the other host stay there, as callers would, until every one is back.
  const back: JsonCaller[] = [];
  await Promise.all(
    seated.map(async ({ c, account }) => {
      await c.ended;
      droppedAt.push(wallMs());
      let tries = 0;
      for (const pause of p.redialPauses) {
        await sleep(pause * 1000);
        tries++;
        const dialed = await dialOnce({ port: p.frontPort, localAddress: callerAddress(account) });
        if (dialed.outcome !== 'connect') continue;
        back.push(dialed.caller);
        try {
          await logIn(dialed.caller, account);
          backAt.push(wallMs());
        } catch (err) {
          fail(err);
        }
        break;
      }
      dials.push(tries);
    }),
  );
  for (const c of back) c.close();
  return { loggedIn: seated.length, droppedAt, backAt, dials, errors };
}
