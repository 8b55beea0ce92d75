import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchFloor } from '../floor/launch-floor.js';
import { seedAccounts } from '../lib/accounts.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary } from '../lib/profile.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import { loadBoard } from './common.js';
import type { RoundTripResult } from '../tasks/round-trips.js';

type Logins = { latencies: number[]; offered: number; spanMs: number; errors: string[] };

/**
 * The quiet phase's load on the floor server: as many callers, each pressing
 * ? once a second and timed to the same answer (the main menu's prompt).
 * They stay at the name prompt, since the floor has no login to go through.
 */
async function floorRoundTrips(ctx: BenchContext, callers: number, seconds: number): Promise<{ latencies: number[]; connected: number; cpuMs: number; errors: string[] } | null> {
  if (!ctx.floor) return null;
  const floor = await launchFloor(ctx.floor);
  const pool = startWorkers(2, 'round-trips', (i) => ({
    port: floor.ports.telnet,
    accounts: Array.from({ length: callers / 2 }, (_, k) => 1 + i * (callers / 2) + k),
    intervalMs: 1000,
    durationMs: seconds * 1000,
    phases: 1,
    logIn: false,
  }));
  try {
    const ready = (await allReady(pool)) as { loggedIn: number }[];
    const cpuBefore = floor.cpuMs();
    for (const w of pool) w.go();
    const results = await allResults<RoundTripResult>(pool);
    return { latencies: results.flatMap((r) => r.phases[0] ?? []), connected: ready.reduce((n, r) => n + r.loggedIn, 0), cpuMs: floor.cpuMs() - cpuBefore, errors: results.flatMap((r) => r.errors) };
  } finally {
    for (const w of pool) w.kill();
    await floor.stop();
  }
}

/** 1,000 callers each pressing a key a second at the main menu; then the same while 100 logins a second hash passwords. */
export async function roundTripScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 300 : 1000;
  const seconds = ctx.quick ? 5 : 10;
  // One account (and address) per login offered: no login waits behind another's turn in the password back-off.
  const loginAccounts = 100 * seconds;
  const profDir = join(ctx.work, 'cpu-round-trips');
  await mkdir(profDir, { recursive: true });
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, callers + loginAccounts);
  let profile: ReturnType<typeof cpuSummary> = [];
  const again = await loadBoard({ data, lines: 2000, nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  let quiet: number[] = [];
  let busy: number[] = [];
  let logins: Logins = { latencies: [], offered: 0, spanMs: 0, errors: [] };
  let loggedIn = 0;
  let quietCpuMs = 0;
  let errors: string[] = [];
  const workers: Worker[] = [];
  try {
    const pool = startWorkers(2, 'round-trips', (i) => ({
      port: again.ports.telnet,
      accounts: Array.from({ length: callers / 2 }, (_, k) => 1 + i * (callers / 2) + k),
      intervalMs: 1000,
      durationMs: seconds * 1000,
      phases: 2,
    }));
    workers.push(...pool);
    const ready = (await allReady(pool)) as { loggedIn: number }[];
    loggedIn = ready.reduce((n, r) => n + r.loggedIn, 0);
    ctx.log(`${loggedIn} callers at the main menu`);
    const cpuBefore = again.cpuMs();
    for (const w of pool) w.go();
    await allReady(pool);
    quietCpuMs = again.cpuMs() - cpuBefore;
    const hasher = startWorkers(1, 'logins', () => ({ port: again.ports.tcpjson, rate: 100, durationMs: seconds * 1000, accounts: Array.from({ length: loginAccounts }, (_, k) => callers + 1 + k) }));
    workers.push(...hasher);
    await allReady(hasher);
    for (const w of [...pool, ...hasher]) w.go();
    const [results, [loginResult]] = await Promise.all([allResults<RoundTripResult>(pool), allResults<Logins>(hasher)]);
    quiet = results.flatMap((r) => r.phases[0] ?? []);
    busy = results.flatMap((r) => r.phases[1] ?? []);
    errors = results.flatMap((r) => r.errors);
    logins = loginResult!;
  } finally {
    for (const w of workers) w.kill();
    await again.stop();
    if (ctx.profile) profile = cpuSummary(profDir);
  }
  const floor = await floorRoundTrips(ctx, callers, seconds);
  const f = floor ? summarize(floor.latencies) : null;
  const q = summarize(quiet);
  const b = summarize(busy);
  const l = summarize(logins.latencies);
  ctx.log(`quiet ${JSON.stringify(q)} busy ${JSON.stringify(b)} logins ${JSON.stringify(l)}`);
  const loginRate = logins.spanMs > 0 ? logins.latencies.length / (logins.spanMs / 1000) : 0;
  const cpuPerTrip = q.count > 0 ? quietCpuMs / q.count : 0;
  return [
    {
      key: 'round-trip',
      measure: `prompt round trip (key in, next screen out) with ${loggedIn.toLocaleString('en')} callers each sending a key a second`,
      target: 'p99 ≤ 5 ms in every run, ≤ 3× floor',
      result: `p99 ${q.p99} ms${f ? ` (floor p99 ${f.p99} ms)` : ''}`,
      value: q.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      everyRun: true,
      ...(f ? { floor: f.p99 } : {}),
      ratioGoal: { max: 3 },
      met: q.p99 <= 5 && loggedIn === callers && f !== null && f.p99 > 0 && q.p99 / f.p99 <= 3 && floor?.connected === callers,
      detail: `telnet callers logged in at the main menu pressing ?: the board answers with the whole menu drawn again (the user, preferences, unread mail and per-area counts, who is online). ${q.count} round trips in ${seconds} s: p50 ${q.p50}, p90 ${q.p90}, max ${q.max} ms; the board used ${(quietCpuMs / 1000).toFixed(1)} s of CPU for them (${cpuPerTrip.toFixed(2)} ms a round trip, user and system, all threads)${errors.length ? `; ${errors[0]}` : ''}${floor && f ? `. Floor: ${floor.connected} callers at its name prompt pressing ? and answered with the board's menu bytes, ${f.count} round trips: p50 ${f.p50}, p90 ${f.p90}, max ${f.max} ms, ${f.count > 0 ? (floor.cpuMs / f.count).toFixed(2) : '–'} ms of CPU a round trip${floor.errors.length ? `; ${floor.errors[0]}` : ''}` : ''}`,
      extra: { latency: q, boardCpuMsPerRoundTrip: cpuPerTrip, ...(f ? { floorLatency: f } : {}), ...(profile.length ? { cpuProfile: profile } : {}) },
    },
    {
      key: 'round-trip-logins',
      measure: 'the same while 100 logins a second hash passwords',
      target: 'p99 ≤ 20 ms',
      result: `p99 ${b.p99} ms`,
      value: b.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 20 },
      met: b.p99 <= 20 && logins.latencies.length === logins.offered,
      detail: `${b.count} round trips: p50 ${b.p50}, p90 ${b.p90}, max ${b.max} ms. Logins offered ${logins.offered} (100/s for ${seconds} s), all accepted: ${logins.latencies.length}, at ${loginRate.toFixed(0)}/s from the first offer to the last acceptance (scrypt N=16384 r=8 on nice-19 worker threads; logins beyond them queue), password to "go on?" p50 ${l.p50}, p99 ${l.p99} ms${logins.errors.length ? `; ${logins.errors[0]}` : ''}`,
      extra: { latency: b, logins: l, loginsPerSecond: loginRate },
    },
  ];
}
