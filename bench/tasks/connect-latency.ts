import { TelnetCaller } from '../../test/callers/telnet.js';
import type { TaskContext } from './index.js';
import { paced } from './pace.js';

export interface ConnectParams {
  port: number;
  rate: number;
  durationMs: number;
  negotiate: boolean;
  localAddresses: string[];
}

/** New callers at a steady rate: time from connect() to the name prompt on screen, then hang up. */
export async function connectLatency(p: ConnectParams, ctx: TaskContext): Promise<{ latencies: number[]; failed: number; errors: string[] }> {
  ctx.ready();
  await ctx.go();
  const latencies: number[] = [];
  const errors: string[] = [];
  await paced(p.rate, p.durationMs, async (n) => {
    const started = performance.now();
    const c = new TelnetCaller({ port: p.port, negotiate: p.negotiate, localAddress: p.localAddresses[n % p.localAddresses.length]! });
    try {
      await c.until("Who's calling?", 10_000);
      latencies.push(performance.now() - started);
    } catch (err) {
      if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
    } finally {
      c.close();
    }
  });
  return { latencies, failed: errors.length ? Math.round((p.rate * p.durationMs) / 1000) - latencies.length : 0, errors };
}
