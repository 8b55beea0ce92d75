import type { BenchContext, Measure } from '../lib/measure.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, MiB, settledRss, SOURCES } from './common.js';

type Cycles = { done: number; failed: number; errors: string[] };

/** Memory after many connect-and-hang-up cycles against the level after the first tenth: a leak shows as growth. */
export async function cyclesScenario(ctx: BenchContext): Promise<Measure[]> {
  const total = ctx.quick ? 20_000 : 100_000;
  const checkpoint = total / 10;
  const board = await loadBoard();
  try {
    const started = performance.now();
    const pool = startWorkers(2, 'cycles', (i) => ({ port: board.ports.telnet, count: total / 2, concurrency: 25, checkpoint: checkpoint / 2, localAddresses: SOURCES.filter((_, k) => k % 2 === i) }));
    await allReady(pool);
    for (const w of pool) w.go();
    await allReady(pool);
    const early = await settledRss(board);
    ctx.log(`after ${checkpoint} cycles: ${(early / MiB).toFixed(1)} MiB`);
    for (const w of pool) w.go();
    const results = await allResults<Cycles>(pool);
    const seconds = (performance.now() - started) / 1000;
    const late = await settledRss(board);
    const done = results.reduce((n, r) => n + r.done, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    const growth = (late - early) / early;
    ctx.log(`after ${done} cycles: ${(late / MiB).toFixed(1)} MiB (${(growth * 100).toFixed(1)}%)`);
    const errors = results.flatMap((r) => r.errors);
    return [
      {
        key: 'cycles-memory',
        measure: `memory after ${total.toLocaleString('en')} connect-and-hang-up cycles`,
        target: `within 10% of the level after the first ${checkpoint.toLocaleString('en')}`,
        result: `${(late / MiB).toFixed(1)} MiB vs ${(early / MiB).toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
        value: Math.round(growth * 1000) / 10,
        unit: '%',
        label: 'growth',
        goal: { min: -10, max: 10 },
        met: Math.abs(growth) <= 0.1 && failed === 0,
        detail: `negotiating telnet callers, 50 at a time from 2 processes: connect, wait for the name prompt, hang up; ${done.toLocaleString('en')} completed, ${failed} failed, ${(done / seconds).toFixed(0)} cycles/s; RSS read 3 s after each phase${errors.length ? `; ${errors[0]}` : ''}`,
      },
    ];
  } finally {
    await board.stop();
  }
}
