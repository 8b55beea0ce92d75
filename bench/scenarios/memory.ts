import { join } from 'node:path';
import { launchFloor } from '../floor/launch-floor.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { heapSummary, takeHeapSnapshot } from '../lib/profile.js';
import { round } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, MiB, settledRss, SOURCES, warmUp } from './common.js';

/** How long after start an untouched board counts as at rest: V8's memory reducer has run by then. */
const RESTING_AFTER_MS = 30_000;

/** What holding `callers` at the name prompt cost one server: each caller's share 3 s after the last arrived, and after 30 s idle. */
interface CallerMemory {
  reached: number;
  failed: number;
  errors: string[];
  /** RSS 3 s after 50 callers came and went, and 30 s after. */
  warm: number;
  warmRest: number;
  /** RSS 3 s after the last caller reached the prompt, and 30 s after (callers still connected). */
  loaded: number;
  loadedRest: number;
  perCaller: number;
  perCallerIdle: number;
}

/**
 * Fill a server with negotiating callers waiting at the name prompt. Each
 * figure is against the same server's level after 50 callers came and went
 * (what it loads for its first caller is not any one caller's), taken after
 * the same pause: 3 s, and 30 s. The second shows whether the young
 * generation V8 grew during the burst of arrivals (at small counts, most of
 * the figure) is given back while the callers sit idle: a process that
 * allocates nothing runs no collection, so it is not (bench/findings.md).
 */
async function callerMemory(server: LaunchedBoard, callers: number, ctx: BenchContext, beforeRelease?: () => Promise<void>): Promise<CallerMemory> {
  const workers = 2;
  await warmUp(server);
  const warm = await settledRss(server);
  const warmRest = await settledRss(server, RESTING_AFTER_MS - 3000);
  const pool = startWorkers(workers, 'hold-callers', (i) => ({ port: server.ports.telnet, count: callers / workers, localAddresses: SOURCES.filter((_, k) => k % workers === i), rate: 250 }));
  const ready = (await allReady(pool)) as { reached: number; failed: number; errors: string[] }[];
  const reached = ready.reduce((n, r) => n + r.reached, 0);
  const loaded = await settledRss(server);
  const loadedRest = await settledRss(server, RESTING_AFTER_MS - 3000);
  await beforeRelease?.();
  for (const w of pool) w.go();
  await allResults(pool);
  const perCaller = (loaded - warm) / reached;
  const perCallerIdle = (loadedRest - warmRest) / reached;
  ctx.log(`${reached} callers: rss ${(loaded / MiB).toFixed(1)} MiB, ${(perCaller / 1024).toFixed(1)} KiB each; after 30 s idle ${(loadedRest / MiB).toFixed(1)} MiB, ${(perCallerIdle / 1024).toFixed(1)} KiB each`);
  return { reached, failed: ready.reduce((n, r) => n + r.failed, 0), errors: ready.flatMap((r) => r.errors), warm, warmRest, loaded, loadedRest, perCaller, perCallerIdle };
}

/** The same load on the floor server, or null without one. */
async function floorMemory(ctx: BenchContext, callers: number): Promise<CallerMemory | null> {
  if (!ctx.floor) return null;
  const floor = await launchFloor(ctx.floor);
  try {
    return await callerMemory(floor, callers, ctx);
  } finally {
    await floor.stop();
  }
}

const kib = (bytes: number): number => round(bytes / 1024, 1);

function howTaken(m: CallerMemory, idle: boolean): string {
  const [base, load] = idle ? [m.warmRest, m.loadedRest] : [m.warm, m.loaded];
  return `(RSS with ${m.reached.toLocaleString('en')} negotiating callers at "Who's calling?" ${idle ? '30 s after the last arrived' : '3 s after the last arrived'}, ${(load / MiB).toFixed(0)} MiB, − RSS after 50 callers came and went, ${(base / MiB).toFixed(1)} MiB, taken after the same pause: what the board loads for its first caller is not any one caller's) / callers; callers in 2 other processes; ${m.failed} did not reach the prompt${m.errors.length ? ` (${m.errors[0]})` : ''}`;
}

/** The two rows of one count: the headline one with its targets, the other for reference. */
function callerRows(callers: number, board: CallerMemory, floor: CallerMemory | null, headline: 'settled' | 'idle', target: { kib?: number; ratio: number }): Measure[] {
  const count = callers.toLocaleString('en');
  const row = (idle: boolean): Measure => {
    const value = kib(idle ? board.perCallerIdle : board.perCaller);
    const floorValue = floor ? kib(idle ? floor.perCallerIdle : floor.perCaller) : null;
    const main = (headline === 'idle') === idle;
    const goal = main && target.kib !== undefined ? { max: target.kib } : undefined;
    const ratioGoal = main ? { max: target.ratio } : undefined;
    const ratio = floorValue ? value / floorValue : null;
    return {
      key: `memory-per-caller${callers === 1000 ? '-1000' : ''}${idle ? '-idle' : ''}`,
      measure: `memory per idle caller at the name prompt (telnet), at ${count} callers, ${idle ? 'after 30 s idle' : '3 s after the last arrived'}${main ? ' (the headline at this count)' : ' (for reference)'}`,
      target: main ? [target.kib !== undefined ? `≤ ${target.kib} KB each` : '', `≤ ${target.ratio}× floor`].filter(Boolean).join(', ') : '–',
      result: `${value} KiB${floorValue !== null ? ` (floor ${floorValue} KiB)` : ''}`,
      value,
      unit: 'KiB',
      ...(goal ? { goal } : {}),
      floor: floorValue,
      ...(ratioGoal ? { ratioGoal } : {}),
      met: main ? (goal ? value <= goal.max : true) && ratio !== null && ratio <= target.ratio && board.failed === 0 : null,
      detail: `${howTaken(board, idle)}${floor ? `. Floor: ${howTaken(floor, idle)}` : ''}`,
    };
  };
  return [row(headline === 'idle'), row(headline !== 'idle')];
}

/** Idle memory with every transport on, then the cost of each caller waiting at the name prompt, at 1,000 and at 10,000 callers, beside the floor's. */
export async function memoryScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 2000 : 10_000;
  const board = await loadBoard({ nodeArgs: ctx.profile ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${ctx.work}`] : [] });
  let idle: number;
  let justStarted: number;
  let profile: ReturnType<typeof heapSummary> | null = null;
  let heap: ReturnType<typeof heapSummary> | null = null;
  let many: CallerMemory;
  try {
    justStarted = await settledRss(board);
    // V8 returns the start-up garbage (and shrinks its young generation) only
    // once the process has been idle for some seconds: that is the board at rest.
    idle = await settledRss(board, RESTING_AFTER_MS - 3000);
    ctx.log(`idle rss ${(justStarted / MiB).toFixed(1)} MiB 3 s after start, ${(idle / MiB).toFixed(1)} MiB after ${RESTING_AFTER_MS / 1000} s`);
    profile = ctx.profile ? heapSummary(await takeHeapSnapshot(board, ctx.work, 'idle')) : null;
    many = await callerMemory(board, callers, ctx, async () => {
      heap = ctx.profile ? heapSummary(await takeHeapSnapshot(board, ctx.work, 'callers')) : null;
    });
  } finally {
    await board.stop();
  }
  const manyFloor = await floorMemory(ctx, callers);
  // A fresh board for the small count: 1,000 callers on a board that held 10,000 would find its heap already grown.
  const small = await loadBoard();
  let few: CallerMemory;
  try {
    few = await callerMemory(small, 1000, ctx);
  } finally {
    await small.stop();
  }
  const fewFloor = await floorMemory(ctx, 1000);
  const [manyHeadline, ...manyRest] = callerRows(callers, many, manyFloor, 'settled', { kib: 16, ratio: 2 });
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
    { ...manyHeadline!, ...(heap ? { extra: { heapWithCallers: heap, snapshots: join(ctx.work) } } : {}) },
    ...manyRest,
    ...callerRows(1000, few, fewFloor, 'settled', { ratio: 3 }),
  ];
}
