import { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';

export interface CycleParams {
  port: number;
  count: number;
  concurrency: number;
  /** After this many cycles, stop and report ready, and go on when told (the board's memory is read then). */
  checkpoint: number;
  localAddresses: string[];
}

/** Connect, wait for the name prompt, hang up: over and over, a few at a time. */
export async function cycles(p: CycleParams, ctx: TaskContext): Promise<{ done: number; failed: number; errors: string[] }> {
  ctx.ready();
  await ctx.go();
  let started = 0;
  let done = 0;
  let failed = 0;
  const errors: string[] = [];
  const one = async (n: number): Promise<void> => {
    const c = new TelnetCaller({ port: p.port, negotiate: true, localAddress: p.localAddresses[n % p.localAddresses.length]! });
    try {
      await c.until("Who's calling?", 10_000);
      done++;
    } catch (err) {
      failed++;
      if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
    } finally {
      c.close();
    }
  };
  const phase = async (until: number): Promise<void> => {
    await Promise.all(
      Array.from({ length: p.concurrency }, async () => {
        while (started < until) await one(started++);
      }),
    );
  };
  await phase(Math.min(p.checkpoint, p.count));
  ctx.ready({ done, failed });
  await ctx.go();
  await phase(p.count);
  return { done, failed, errors };
}
