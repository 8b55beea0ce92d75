import { sleep } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';

export interface HoldParams {
  port: number;
  count: number;
  /** Source addresses to spread the callers over (the per-address cap). */
  localAddresses: string[];
  /** Connections opened per second. */
  rate: number;
}

/** Open `count` negotiating telnet callers, wait until each sees the name prompt, hold them until told, then hang up. */
export async function holdCallers(p: HoldParams, ctx: TaskContext): Promise<{ reached: number; failed: number }> {
  const callers: TelnetCaller[] = [];
  const waits: Promise<boolean>[] = [];
  const errors: string[] = [];
  const started = performance.now();
  for (let i = 0; i < p.count; i++) {
    const due = started + (i / p.rate) * 1000;
    if (performance.now() < due) await sleep(due - performance.now());
    const c = new TelnetCaller({ port: p.port, negotiate: true, localAddress: p.localAddresses[i % p.localAddresses.length]! });
    callers.push(c);
    waits.push(
      c.until("Who's calling?", 60_000).then(
        () => true,
        (err: Error) => {
          if (errors.length < 5) errors.push(err.message.slice(0, 200));
          return false;
        },
      ),
    );
  }
  const outcome = await Promise.all(waits);
  const reached = outcome.filter(Boolean).length;
  ctx.ready({ reached, failed: outcome.length - reached, errors });
  await ctx.go();
  for (const c of callers) c.close();
  return { reached, failed: outcome.length - reached };
}
