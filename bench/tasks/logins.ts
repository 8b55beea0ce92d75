import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { JsonCaller } from '../../test/callers/json.js';
import { callerAddress } from '../lib/loopback.js';
import type { TaskContext } from './index.js';
import { paced } from './pace.js';

export interface LoginParams {
  port: number;
  rate: number;
  durationMs: number;
  /** One login per account, each from the account's own loopback address (see callerAddress). */
  accounts: number[];
}

const LOGIN_PATIENCE_MS = 90_000;

/** Callers logging in at a steady rate, each password checked by the board's scrypt; hang up once it is accepted. */
export async function logins(p: LoginParams, ctx: TaskContext): Promise<{ latencies: number[]; offered: number; spanMs: number; errors: string[] }> {
  ctx.ready();
  await ctx.go();
  const started = performance.now();
  let lastDone = started;
  const latencies: number[] = [];
  const errors: string[] = [];
  const offered = await paced(p.rate, p.durationMs, async (n) => {
    const account = p.accounts[n % p.accounts.length]!;
    const c = new JsonCaller({ port: p.port, localAddress: callerAddress(account) });
    try {
      await c.connected;
      c.send('connect');
      await c.prompt("Who's calling?", 10_000);
      c.send(callerName(account));
      await c.prompt('Password:', 10_000);
      const sent = performance.now();
      c.send(BENCH_PASSWORD);
      // Logins offered faster than the hash threads take them queue: a login is
      // counted when it is accepted, however long it waited (about 40 s for the
      // last of 1,000 at two cores), and only a board that never answers fails it.
      await c.prompt('go on?', LOGIN_PATIENCE_MS);
      lastDone = performance.now();
      latencies.push(lastDone - sent);
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
    } finally {
      c.close();
    }
  });
  // From the first offer to the last login accepted: how fast the board really got through them.
  return { latencies, offered, spanMs: lastDone - started, errors };
}
