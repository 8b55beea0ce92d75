import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary } from '../lib/profile.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard, SOURCES, warmUp } from './common.js';

type Result = { latencies: number[]; failed: number; errors: string[] };

/** Time from connect to the name prompt: negotiating clients at 500 a second, and clients that never negotiate. */
export async function connectScenario(ctx: BenchContext): Promise<Measure[]> {
  const profDir = join(ctx.work, 'cpu-connect');
  await mkdir(profDir, { recursive: true });
  const board = await loadBoard({ nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  let stopped = false;
  try {
    const seconds = ctx.quick ? 4 : 10;
    const run = async (workers: number, rate: number, negotiate: boolean, durationMs: number): Promise<{ all: number[]; failed: number; errors: string[] }> => {
      const pool = startWorkers(workers, 'connect-latency', (i) => ({ port: board.ports.telnet, rate: rate / workers, durationMs, negotiate, localAddresses: SOURCES.filter((_, k) => k % workers === i) }));
      await allReady(pool);
      for (const w of pool) w.go();
      const results = await allResults<Result>(pool);
      return { all: results.flatMap((r) => r.latencies), failed: results.reduce((n, r) => n + r.failed, 0), errors: results.flatMap((r) => r.errors) };
    };
    await warmUp(board);
    const cpuBefore = board.cpuMs();
    const neg = await run(2, 500, true, seconds * 1000);
    const cpuPerCall = neg.all.length > 0 ? (board.cpuMs() - cpuBefore) / neg.all.length : 0;
    const n = summarize(neg.all);
    ctx.log(`negotiating: ${JSON.stringify(n)}`);
    const raw = await run(1, 50, false, 4000);
    const r = summarize(raw.all);
    ctx.log(`never negotiating: ${JSON.stringify(r)}`);
    await board.stop();
    stopped = true;
    const profile = ctx.profile ? cpuSummary(profDir) : [];
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
        met: n.p99 <= 50 && neg.failed === 0,
        detail: `after 50 warm-up calls, ${n.count} callers over ${seconds} s from 2 processes (answers DO/WILL, sends NAWS 80x24 and TTYPE XTERM-256COLOR, then hangs up): p50 ${n.p50}, p90 ${n.p90}, max ${n.max} ms; ${neg.failed} failed; the board used ${cpuPerCall.toFixed(2)} ms of CPU a call (user and system, all threads, connect to hang-up)${neg.errors.length ? ` (${neg.errors[0]})` : ''}`,
        extra: { latency: n, boardCpuMsPerCall: cpuPerCall, ...(profile.length ? { cpuProfile: profile } : {}) },
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
