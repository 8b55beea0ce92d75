import http from 'node:http';
import type { TaskContext } from './index.js';
import { paced } from './pace.js';

export interface WebRequestParams {
  port: number;
  path: string;
  rate: number;
  durationMs: number;
  /** Keep-alive connections at most, as a few browsers' worth. */
  sockets: number;
}

/**
 * GET one page of the board at a steady rate over keep-alive connections:
 * each request's time from sending to the last byte of its answer.
 */
export async function webRequests(p: WebRequestParams, ctx: TaskContext): Promise<{ latencies: number[]; offered: number; bytes: number; errors: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: p.sockets });
  const latencies: number[] = [];
  const errors: string[] = [];
  let bytes = 0;
  const get = (timed = true): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.get({ host: '127.0.0.1', port: p.port, path: p.path, agent }, (res) => {
        let size = 0;
        res.on('data', (d: Buffer) => (size += d.length));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
          else {
            if (timed) latencies.push(performance.now() - started);
            bytes = size;
            resolve();
          }
        });
      });
      req.on('error', reject);
    });
  // A few to open the connections and warm the page before the clock runs.
  for (let i = 0; i < 20; i++) await get(false);
  ctx.ready();
  await ctx.go();
  const offered = await paced(p.rate, p.durationMs, () =>
    get().catch((err: unknown) => {
      if (errors.length < 5) errors.push((err as Error).message);
    }),
  );
  agent.destroy();
  return { latencies, offered, bytes, errors };
}
