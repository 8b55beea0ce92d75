import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { JsonCaller } from '../../test/callers/json.js';
import { callerAddress } from '../lib/loopback.js';
import type { TaskContext } from './index.js';
import { jsonLogIn } from '../../test/callers/log-in.js';
import { pool } from './pace.js';

export interface PostingParams {
  port: number;
  posters: number[];
  readers: number[];
  durationMs: number;
}

/**
 * Posters leave public messages as fast as the board takes them (menu 1, a
 * line, '.', "posted", the menu again) while readers page through the
 * messages (menu 2, the first page, q) over and over.
 */
export async function posting(p: PostingParams, ctx: TaskContext): Promise<{ posts: number; reads: number; postMs: number[]; errors: string[] }> {
  const errors: string[] = [];
  const logIn = async (accounts: number[]): Promise<JsonCaller[]> => {
    const out: JsonCaller[] = [];
    await pool(accounts.length, 20, async (i) => {
      // Each from its own address: logins from one address would stand in the password back-off's line.
      const c = await JsonCaller.dial({ port: p.port, localAddress: callerAddress(accounts[i]!) });
      try {
        await jsonLogIn(c, callerName(accounts[i]!), BENCH_PASSWORD, 120_000);
        out.push(c);
      } catch (err) {
        if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
        c.close();
      }
    });
    return out;
  };
  const posters = await logIn(p.posters);
  const readers = await logIn(p.readers);
  ctx.ready({ posters: posters.length, readers: readers.length });
  await ctx.go();
  const end = performance.now() + p.durationMs;
  let posts = 0;
  let reads = 0;
  const postMs: number[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  await Promise.all([
    ...posters.map(async (c, n) => {
      try {
        for (let i = 0; performance.now() < end; i++) {
          const started = performance.now();
          c.send('1');
          await c.prompt('Subject:', 10_000);
          c.send('');
          await c.until('Type your message', 10_000);
          c.send(`bench message ${n}-${i}`);
          c.send('.');
          await c.until(/Message #\d+ posted/, 10_000);
          posts++;
          postMs.push(performance.now() - started);
          await c.prompt('MAIN MENU', 10_000);
        }
      } catch (err) {
        fail(err);
      }
    }),
    ...readers.map(async (c) => {
      try {
        while (performance.now() < end) {
          c.send('2');
          const page = await c.until(/\u0001PROMPT\u0001/, 10_000);
          if (!/MAIN MENU/.test(page)) {
            c.send('q');
            await c.prompt('MAIN MENU', 10_000);
          }
          reads++;
        }
      } catch (err) {
        fail(err);
      }
    }),
  ]);
  for (const c of [...posters, ...readers]) c.close();
  return { posts, reads, postMs, errors };
}
