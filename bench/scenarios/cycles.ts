import { launchFloor } from '../floor/launch-floor.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, MiB, settledRss, SOURCES } from './common.js';

type Cycles = { done: number; failed: number; errors: string[] };
type CycleRun = Cycles & { early: number; late: number; seconds: number };

/** `total` connect-and-hang-up cycles on one server, its RSS read after the first tenth and at the end. */
async function cycleServer(server: LaunchedBoard, total: number, ctx: BenchContext): Promise<CycleRun> {
  const checkpoint = total / 10;
  const started = performance.now();
  const pool = startWorkers(2, 'cycles', (i) => ({ port: server.ports.telnet, count: total / 2, concurrency: 25, checkpoint: checkpoint / 2, localAddresses: SOURCES.filter((_, k) => k % 2 === i) }));
  await allReady(pool);
  for (const w of pool) w.go();
  await allReady(pool);
  const early = await settledRss(server);
  ctx.log(`after ${checkpoint} cycles: ${(early / MiB).toFixed(1)} MiB`);
  for (const w of pool) w.go();
  const results = await allResults<Cycles>(pool);
  const seconds = (performance.now() - started) / 1000;
  const late = await settledRss(server);
  const done = results.reduce((n, r) => n + r.done, 0);
  ctx.log(`after ${done} cycles: ${(late / MiB).toFixed(1)} MiB`);
  return { done, failed: results.reduce((n, r) => n + r.failed, 0), errors: results.flatMap((r) => r.errors), early, late, seconds };
}

/** Memory after many connect-and-hang-up cycles against the level after the first tenth: a leak shows as growth. The floor takes the same cycles. */
export async function cyclesScenario(ctx: BenchContext): Promise<Measure[]> {
  const total = ctx.quick ? 20_000 : 100_000;
  const checkpoint = total / 10;
  const board = await loadBoard();
  let b: CycleRun;
  try {
    b = await cycleServer(board, total, ctx);
  } finally {
    await board.stop();
  }
  let f: CycleRun | null = null;
  if (ctx.floor) {
    const floor = await launchFloor(ctx.floor);
    try {
      f = await cycleServer(floor, total, ctx);
    } finally {
      await floor.stop();
    }
  }
  const growth = (b.late - b.early) / b.early;
  const mib = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;
  const how = (r: CycleRun): string => `${r.done.toLocaleString('en')} completed, ${r.failed} failed, ${(r.done / r.seconds).toFixed(0)} cycles/s${r.errors.length ? `; ${r.errors[0]}` : ''}`;
  return [
    {
      key: 'cycles-memory',
      measure: `memory after ${total.toLocaleString('en')} connect-and-hang-up cycles`,
      target: `within 10% of the level after the first ${checkpoint.toLocaleString('en')}`,
      result: `${(b.late / MiB).toFixed(1)} MiB vs ${(b.early / MiB).toFixed(1)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
      value: Math.round(growth * 1000) / 10,
      unit: '%',
      label: 'growth',
      goal: { min: -10, max: 10 },
      met: Math.abs(growth) <= 0.1 && b.failed === 0,
      detail: `negotiating telnet callers, 50 at a time from 2 processes: connect, wait for the name prompt, hang up; ${how(b)}; RSS read 3 s after each phase`,
    },
    {
      key: 'cycles-rss',
      measure: `resident memory after ${total.toLocaleString('en')} connect-and-hang-up cycles`,
      target: '–',
      result: `${mib(b.late)} MiB${f ? ` (floor ${mib(f.late)} MiB)` : ''}`,
      value: mib(b.late),
      unit: 'MiB',
      ...(f ? { floor: mib(f.late) } : {}),
      met: null,
      detail: `the board's RSS 3 s after the last of the cycles above${f ? `; the floor's after the same cycles (${how(f)}; ${mib(f.early)} MiB after the first ${checkpoint.toLocaleString('en')})` : ''}: for reference, the whole process, start-up and all`,
    },
  ];
}
