import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchFloor } from '../floor/launch-floor.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary } from '../lib/profile.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, SOURCES, warmUp } from './common.js';

type Result = { latencies: number[]; failed: number; errors: string[] };
type Connects = { all: number[]; failed: number; errors: string[] };

/** New callers at `rate` a second from `workers` processes for `durationMs`: each one's time to the name prompt. */
async function connects(server: LaunchedBoard, workers: number, rate: number, negotiate: boolean, durationMs: number): Promise<Connects> {
  const pool = startWorkers(workers, 'connect-latency', (i) => ({ port: server.ports.telnet, rate: rate / workers, durationMs, negotiate, localAddresses: SOURCES.filter((_, k) => k % workers === i) }));
  await allReady(pool);
  for (const w of pool) w.go();
  const results = await allResults<Result>(pool);
  return { all: results.flatMap((r) => r.latencies), failed: results.reduce((n, r) => n + r.failed, 0), errors: results.flatMap((r) => r.errors) };
}

/** Negotiating callers at 500 a second after the warm-up, and the server's CPU for them (connect to hang-up) per call. */
async function negotiatingConnects(server: LaunchedBoard, seconds: number): Promise<Connects & { cpuPerCall: number }> {
  await warmUp(server);
  const cpuBefore = server.cpuMs();
  const neg = await connects(server, 2, 500, true, seconds * 1000);
  return { ...neg, cpuPerCall: neg.all.length > 0 ? (server.cpuMs() - cpuBefore) / neg.all.length : 0 };
}

/** The same on the floor server, or null without one. */
async function floorConnects(ctx: BenchContext, seconds: number): Promise<(Connects & { cpuPerCall: number }) | null> {
  if (!ctx.floor) return null;
  const floor = await launchFloor(ctx.floor);
  try {
    return await negotiatingConnects(floor, seconds);
  } finally {
    await floor.stop();
  }
}

/** Time from connect to the name prompt: negotiating clients at 500 a second, and clients that never negotiate. */
export async function connectScenario(ctx: BenchContext): Promise<Measure[]> {
  const profDir = join(ctx.work, 'cpu-connect');
  await mkdir(profDir, { recursive: true });
  const board = await loadBoard({ nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  let stopped = false;
  try {
    const seconds = ctx.quick ? 4 : 10;
    const neg = await negotiatingConnects(board, seconds);
    const cpuPerCall = neg.cpuPerCall;
    const n = summarize(neg.all);
    ctx.log(`negotiating: ${JSON.stringify(n)}`);
    const raw = await connects(board, 1, 50, false, 4000);
    const r = summarize(raw.all);
    ctx.log(`never negotiating: ${JSON.stringify(r)}`);
    await board.stop();
    stopped = true;
    const profile = ctx.profile ? cpuSummary(profDir) : [];
    const floor = await floorConnects(ctx, seconds);
    const f = floor ? summarize(floor.all) : null;
    if (f) ctx.log(`floor, negotiating: ${JSON.stringify(f)}`);
    const floorNote = floor && f ? `. Floor: ${f.count} callers, p50 ${f.p50}, p90 ${f.p90}, p99 ${f.p99}, max ${f.max} ms; ${floor.failed} failed; ${floor.cpuPerCall.toFixed(2)} ms of CPU a call` : '';
    return [
      {
        key: 'connect-negotiating',
        measure: 'connect to name prompt, telnet client that negotiates, at 500 new callers a second',
        target: 'p99 ≤ 50 ms',
        result: `p99 ${n.p99} ms`,
        value: n.p99,
        unit: 'ms',
        label: 'p99',
        goal: { max: 50 },
        ...(f ? { floor: f.p99 } : {}),
        met: n.p99 <= 50 && neg.failed === 0,
        detail: `after 50 warm-up calls, ${n.count} callers over ${seconds} s from 2 processes (answers DO/WILL, sends NAWS 80x24 and TTYPE XTERM-256COLOR, then hangs up): p50 ${n.p50}, p90 ${n.p90}, max ${n.max} ms; ${neg.failed} failed${neg.errors.length ? ` (${neg.errors[0]})` : ''}${floorNote}`,
        extra: { latency: n, ...(f ? { floorLatency: f } : {}), ...(profile.length ? { cpuProfile: profile } : {}) },
      },
      {
        key: 'connect-negotiating-p50',
        measure: 'the same, the median caller',
        target: '–',
        result: `p50 ${n.p50} ms`,
        value: n.p50,
        unit: 'ms',
        label: 'p50',
        ...(f ? { floor: f.p50 } : {}),
        met: null,
        detail: `the same calls' median (the board's and the floor's), for reference: the floor's answers show what loopback, the load clients and the two shared cores cost before the board does anything`,
      },
      {
        key: 'connect-cpu',
        measure: 'board CPU per connection (connect, negotiation, banner, hang-up)',
        target: '≤ 3× floor',
        result: `${cpuPerCall.toFixed(2)} ms${floor ? ` (floor ${floor.cpuPerCall.toFixed(2)} ms)` : ''}`,
        value: Math.round(cpuPerCall * 1000) / 1000,
        unit: 'ms',
        ...(floor ? { floor: Math.round(floor.cpuPerCall * 1000) / 1000 } : {}),
        ratioGoal: { max: 3 },
        met: floor !== null && floor.cpuPerCall > 0 && cpuPerCall / floor.cpuPerCall <= 3 && neg.failed === 0,
        detail: `the server's CPU time (user and system, all threads, from /proc) over the ${n.count} negotiating calls at 500 a second above, divided by the calls; the floor's over its own ${f?.count ?? 0} calls of the same load${profile.length ? '; the board\'s CPU profile is in the JSON' : ''}`,
        extra: { boardCpuMsPerCall: cpuPerCall, ...(floor ? { floorCpuMsPerCall: floor.cpuPerCall } : {}) },
      },
      {
        key: 'connect-silent',
        measure: 'connect to name prompt, client that never negotiates',
        target: '≤ 500 ms',
        result: `max ${r.max} ms`,
        value: r.max,
        unit: 'ms',
        label: 'max',
        goal: { max: 500 },
        met: r.max <= 500 && raw.failed === 0,
        detail: `${r.count} raw sockets at 50 a second that ignore every telnet command: p50 ${r.p50}, p99 ${r.p99}, max ${r.max} ms (the board waits up to 250 ms for a negotiation before placing the call)`,
        extra: { latency: r },
      },
    ];
  } finally {
    if (!stopped) await board.stop();
  }
}
