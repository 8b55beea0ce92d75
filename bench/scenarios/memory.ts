import { join } from 'node:path';
import type { BenchContext, Measure } from '../lib/measure.js';
import { heapSummary, takeHeapSnapshot } from '../lib/profile.js';
import { round } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, MiB, settledRss, SOURCES, warmUp } from './common.js';

/** How long after start an untouched board counts as at rest: V8's memory reducer has run by then. */
const RESTING_AFTER_MS = 30_000;

/** Idle memory with every transport on, then the cost of each caller waiting at the name prompt. */
export async function memoryScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 2000 : 10_000;
  const workers = 2;
  const board = await loadBoard({ nodeArgs: ctx.profile ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${ctx.work}`] : [] });
  try {
    const justStarted = await settledRss(board);
    // V8 returns the start-up garbage (and shrinks its young generation) only
    // once the process has been idle for some seconds: that is the board at rest.
    const idle = await settledRss(board, RESTING_AFTER_MS - 3000);
    ctx.log(`idle rss ${(justStarted / MiB).toFixed(1)} MiB 3 s after start, ${(idle / MiB).toFixed(1)} MiB after ${RESTING_AFTER_MS / 1000} s`);
    const profile = ctx.profile ? heapSummary(await takeHeapSnapshot(board, ctx.work, 'idle')) : null;
    await warmUp(board);
    const warm = await settledRss(board);
    ctx.log(`after 50 callers came and went: rss ${(warm / MiB).toFixed(1)} MiB`);
    const pool = startWorkers(workers, 'hold-callers', (i) => ({ port: board.ports.telnet, count: callers / workers, localAddresses: SOURCES.filter((_, k) => k % workers === i), rate: 250 }));
    const ready = (await allReady(pool)) as { reached: number; failed: number; errors: string[] }[];
    const reached = ready.reduce((n, r) => n + r.reached, 0);
    const loaded = await settledRss(board);
    const perCaller = (loaded - warm) / reached;
    ctx.log(`${reached} callers at the name prompt: rss ${(loaded / MiB).toFixed(1)} MiB, ${(perCaller / 1024).toFixed(1)} KiB each`);
    const heap = ctx.profile ? heapSummary(await takeHeapSnapshot(board, ctx.work, 'callers')) : null;
    for (const w of pool) w.go();
    await allResults(pool);
    return [
      {
        key: 'idle-memory',
        measure: 'idle resident memory after start, all transports on',
        target: '≤ 60 MiB',
        result: `${(idle / MiB).toFixed(1)} MiB at rest (${(justStarted / MiB).toFixed(1)} MiB 3 s after start)`,
        value: round(idle / MiB, 1),
        unit: 'MiB',
        label: 'at rest',
        goal: { max: 60 },
        met: idle <= 60 * MiB,
        detail: `compiled board (\`node bin/bbs.js serve\`), telnet, SSH, JSON socket and HTTP/WebSocket listening, one node; VmRSS ${RESTING_AFTER_MS / 1000} s after "board ready" with no caller, once V8's memory reducer has returned the start-up garbage, and 3 s after, before it has (the conversation, the SSH and WebSocket libraries, worker threads, the banner and the art are loaded with the first caller who needs them)`,
        extra: { rssThreeSecondsAfterStartMiB: round(justStarted / MiB, 1), ...(profile ? { heapAtIdle: profile } : {}) },
      },
      {
        key: 'memory-per-caller',
        measure: `memory per idle caller at the name prompt (telnet), at ${callers.toLocaleString('en')} callers`,
        target: '≤ 16 KB each',
        result: `${(perCaller / 1024).toFixed(1)} KiB`,
        value: round(perCaller / 1024, 1),
        unit: 'KiB',
        goal: { max: 16 },
        met: perCaller <= 16 * 1024,
        detail: `(board RSS with ${reached.toLocaleString('en')} negotiating callers at "Who's calling?" − RSS after 50 callers came and went, ${(warm / MiB).toFixed(1)} MiB: what the board loads for its first caller is not any one caller's) / callers; ${(loaded / MiB).toFixed(0)} MiB in all; callers in ${workers} other processes; ${ready.reduce((n, r) => n + r.failed, 0)} did not reach the prompt${ready.some((r) => r.errors.length) ? ` (${ready.flatMap((r) => r.errors)[0]})` : ''}`,
        ...(heap ? { extra: { heapWithCallers: heap, snapshots: join(ctx.work) } } : {}),
      },
    ];
  } finally {
    await board.stop();
  }
}
