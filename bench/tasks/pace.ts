import { setTimeout as sleep } from 'node:timers/promises';
/**
 * Start `fn` at `rate` per second for `durationMs` (catching up if the timer
 * runs late, so the offered rate is the asked one), then wait for every
 * started run to settle.
 */
export async function paced(rate: number, durationMs: number, fn: (n: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const running = new Set<Promise<void>>();
  let launched = 0;
  const total = Math.round((rate * durationMs) / 1000);
  while (launched < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (launched < due) {
      const p = fn(launched++).catch(() => {});
      running.add(p);
      void p.finally(() => running.delete(p));
    }
    await sleep(Math.max(1, 1000 / rate / 2));
  }
  await Promise.all(running);
  return launched;
}

/** Run `fn` with at most `concurrency` in flight until `count` runs have been started. */
export async function pool(count: number, concurrency: number, fn: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await fn(next++).catch(() => {});
    }),
  );
}
