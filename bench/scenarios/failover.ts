import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAPROXY, startHaproxy } from '../../test/helpers/haproxy.js';
import { startNats } from '../../test/helpers/nats.js';
import { startPostgres } from '../../test/helpers/postgres.js';
import { seedAccounts } from '../lib/accounts.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { allReady, startWorkers, type Worker } from '../lib/workers.js';
import type { FailoverResult } from '../tasks/failover-callers.js';
import type { RoundTripResult } from '../tasks/round-trips.js';
import { loadBoard } from './common.js';

const FULL = { killed: 1000, staying: 500, perWorker: 250, keysForS: 100, leadS: 10 };
const QUICK = { killed: 100, staying: 50, perWorker: 50, keysForS: 25, leadS: 5 };
/** clients/dialer.py's pauses before each redial, in seconds. */
const DIALER_PAUSES = [1, 3, 6];
/** HAProxy connects to the boards from here; the boards trust only this address. */
const PROXY = '127.0.0.99';

const wallMs = (): number => performance.timeOrigin + performance.now();

/**
 * A two-host board (one PostgreSQL, one nats-server) behind HAProxy. One
 * host holds `killed` callers logged in over the JSON socket, the other
 * `staying` callers at its main menu over telnet, each pressing a key a
 * second. The first host is killed with SIGKILL: its callers redial the
 * balancer as the dialer does and log in again on the survivor, while the
 * survivor's own callers keep pressing keys.
 */
export async function failoverScenario(ctx: BenchContext): Promise<Measure[]> {
  if (!HAPROXY()) throw new Error('haproxy is not installed (apt-get install haproxy)');
  const { killed, staying, perWorker, keysForS, leadS } = ctx.quick ? QUICK : FULL;
  const cleanups: Array<() => Promise<void> | void> = [];
  const pg = await startPostgres({ durable: true });
  cleanups.push(() => pg.stop());
  try {
    const nats = await startNats({ after: (fn) => cleanups.push(fn) });
    const seed = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
    await seedAccounts(seed, killed + staying, pg.url);
    const boards: LaunchedBoard[] = [];
    for (const host of ['doomed', 'survivor']) {
      const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
      const env = { BBS_DATABASE_URL: pg.url, BBS_BUS_URL: nats.url, BBS_HOST_ID: host, BBS_TRUSTED_PROXIES: PROXY };
      const profDir = join(ctx.work, `cpu-failover-${host}`);
      const nodeArgs = ctx.profile && host === 'survivor' ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
      const board = await loadBoard({ data, lines: 4 * (killed + staying), env, nodeArgs });
      boards.push(board);
      cleanups.push(async () => void (await board.stop()));
    }
    const [doomed, survivor] = boards as [LaunchedBoard, LaunchedBoard];
    const front = await startHaproxy(null, [{ name: 'json', mode: 'tcp', boardPort: [doomed.ports.tcpjson!, survivor.ports.tcpjson!] }], PROXY, 4 * (killed + staying));
    cleanups.push(() => front.stop());
    const movers = startWorkers(Math.ceil(killed / perWorker), 'failover-callers', (i) => ({
      hostPort: doomed.ports.tcpjson!,
      frontPort: front.ports.json!,
      accounts: range(1 + i * perWorker, Math.min(perWorker, killed - i * perWorker)),
      redialPauses: DIALER_PAUSES,
    }));
    const stayers = startWorkers(Math.ceil(staying / perWorker), 'round-trips', (i) => ({
      port: survivor.ports.telnet!,
      accounts: range(1 + killed + i * perWorker, Math.min(perWorker, staying - i * perWorker)),
      intervalMs: 1000,
      durationMs: keysForS * 1000,
      phases: 1,
    }));
    const all: Worker[] = [...movers, ...stayers];
    cleanups.push(() => all.forEach((w) => w.kill()));
    const seated = (await allReady(movers, 600_000)) as Array<{ loggedIn: number }>;
    await allReady(stayers, 600_000);
    ctx.log(`logged in: ${seated.reduce((n, s) => n + s.loggedIn, 0)} on the doomed host, ${staying} staying`);
    for (const w of all) w.go();
    // The survivor's callers on their own for a while (the figure to compare with), then the host dies under its callers.
    await new Promise((resolve) => setTimeout(resolve, leadS * 1000));
    const killedAt = wallMs();
    await doomed.stop('SIGKILL');
    const moved = (await Promise.all(movers.map((w) => w.result))) as FailoverResult[];
    const kept = (await Promise.all(stayers.map((w) => w.result))) as RoundTripResult[];
    return failoverRows({ killedAt, moved, kept, killed, staying, keysForS, leadS });
  } finally {
    for (const clean of cleanups.reverse()) await clean();
  }
}

function range(from: number, count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, k) => from + k);
}

interface Outcome {
  killedAt: number;
  moved: FailoverResult[];
  kept: RoundTripResult[];
  killed: number;
  staying: number;
  keysForS: number;
  leadS: number;
}

/** The survivor's round trips whose key went out between two wall times. */
function roundTripsBetween(kept: readonly RoundTripResult[], from: number, to: number): ReturnType<typeof summarize> {
  const picked: number[] = [];
  for (const r of kept) {
    const latencies = r.phases[0] ?? [];
    const sent = r.sentAt[0] ?? [];
    latencies.forEach((ms, i) => {
      if (sent[i]! >= from && sent[i]! < to) picked.push(ms);
    });
  }
  return summarize(picked);
}

function failoverRows(o: Outcome): Measure[] {
  const seated = o.moved.reduce((n, r) => n + r.loggedIn, 0);
  const back = o.moved.flatMap((r) => r.backAt).map((t) => t - o.killedAt);
  const dials = o.moved.flatMap((r) => r.dials);
  const errors = [...o.moved, ...o.kept].flatMap((r) => r.errors);
  const allBack = back.length === seated && seated > 0;
  const lastS = back.length ? Math.max(...back) / 1000 : null;
  const halfS = back.length ? summarize(back).p50 / 1000 : null;
  const lastBack = back.length ? o.killedAt + Math.max(...back) : o.killedAt;
  const before = roundTripsBetween(o.kept, 0, o.killedAt);
  const rt = roundTripsBetween(o.kept, o.killedAt, lastBack);
  const after = roundTripsBetween(o.kept, lastBack, Infinity);
  const firstDial = dials.filter((d) => d === 1).length;
  return [
    {
      key: 'failover-back',
      measure: `after SIGKILL of a host holding ${o.killed} logged-in callers: time until all of them are logged in again on the other host (redialling as clients/dialer.py does, through HAProxy)`,
      target: 'measured',
      result: lastS === null ? 'none back' : `${lastS.toFixed(1)} s`,
      value: lastS,
      unit: 's',
      met: null,
      detail:
        `Two board hosts on one PostgreSQL and one nats-server behind a real HAProxy (TCP, PROXY v2, health checks twice a second), all on the same two cores with the load clients. ${seated} callers logged in on the killed host over the JSON socket, each from its own address; ` +
        `after the kill each waited the dialer's first pause (1 s), dialed HAProxy, and logged in with its password: ${back.length} of ${seated} were back${allBack ? '' : ' (the rest never were)'}, half of them ${halfS?.toFixed(1)} s after the kill, the last ${lastS?.toFixed(1)} s after; ` +
        `${firstDial} got a line at the first redial. After that first second, the time is the survivor checking ${seated} passwords with scrypt (on its hash threads, in the order they arrived)${errors.length ? `; ${errors[0]}` : ''}`,
      extra: { back: summarize(back), dials },
    },
    {
      key: 'failover-survivor-rt',
      measure: `the surviving host's own callers' round trip meanwhile (${o.staying} at its main menu, a key a second each), from the kill until the last caller was back`,
      target: 'p99 ≤ 5 ms (the round-trip target)',
      result: `p99 ${rt.p99} ms`,
      value: rt.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      met: rt.count > 0 && rt.p99 <= 5 && o.kept.every((r) => r.errors.length === 0),
      detail:
        `${rt.count} round trips (key in, menu out) on the survivor while the killed host's callers arrived and logged in: p50 ${rt.p50}, p90 ${rt.p90}, max ${rt.max} ms. ` +
        `The same callers in the ${o.leadS} s before the kill: p99 ${before.p99} ms (p50 ${before.p50}, ${before.count} round trips); after the last was back, to the end of ${o.keysForS} s of keys: p99 ${after.p99} ms (${after.count} round trips)`,
      extra: { latency: rt, before, after },
    },
  ];
}
