import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNats } from '../../test/helpers/nats.js';
import { startPostgres } from '../../test/helpers/postgres.js';
import { seedAccounts } from '../lib/accounts.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import type { CrossChatResult } from '../tasks/cross-chat.js';
import { loadBoard } from './common.js';

const FULL = { perHost: 500, inRoom: 50, speakers: 5, intervalMs: 2000, seconds: 20 };
const QUICK = { perHost: 100, inRoom: 20, speakers: 5, intervalMs: 2000, seconds: 6 };
const HOSTS = ['east', 'west'] as const;

/**
 * One board on two hosts: two board processes on one PostgreSQL database
 * (the bench's own server, default durability) and one nats-server, every
 * caller of both in the chat room. A few callers on each host speak; a
 * listener on the other host times each line from its Enter to its arrival,
 * across the bus.
 */
export async function clusterScenario(ctx: BenchContext): Promise<Measure[]> {
  const { perHost, inRoom: roomPerHost, speakers, intervalMs, seconds } = ctx.quick ? QUICK : FULL;
  const cleanups: Array<() => Promise<void> | void> = [];
  const pg = await startPostgres({ durable: true });
  cleanups.push(() => pg.stop());
  let results: CrossChatResult[] = [];
  try {
    const nats = await startNats({ after: (fn) => cleanups.push(fn) });
    const seed = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
    await seedAccounts(seed, perHost * 2, pg.url);
    const boards: LaunchedBoard[] = [];
    for (const host of HOSTS) {
      const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
      const board = await loadBoard({ data, lines: 1000, env: { BBS_DATABASE_URL: pg.url, BBS_BUS_URL: nats.url, BBS_HOST_ID: host } });
      boards.push(board);
      cleanups.push(async () => void (await board.stop()));
    }
    const workers = startWorkers(2, 'cross-chat', (i) => ({
      port: boards[i]!.ports.telnet,
      accounts: Array.from({ length: perHost }, (_, k) => 1 + i * perHost + k),
      host: HOSTS[i],
      speakers,
      inRoom: roomPerHost,
      intervalMs,
      durationMs: seconds * 1000,
    }));
    const ready = (await allReady(workers, 300_000)) as { inRoom: number }[];
    ctx.log(`in the room: ${ready.map((r) => r.inRoom).join(' + ')}`);
    for (const w of workers) w.go();
    results = await allResults<CrossChatResult>(workers);
  } finally {
    for (const clean of cleanups.reverse()) await clean();
  }
  const inRoom = results.reduce((n, r) => n + r.inRoom, 0);
  const online = results.reduce((n, r) => n + r.online, 0);
  const lat = summarize(results.flatMap((r) => r.heard));
  const said = results.reduce((n, r) => n + r.said, 0);
  const errors = results.flatMap((r) => r.errors);
  ctx.log(`across hosts: ${JSON.stringify(lat)}, said ${said}`);
  return [
    {
      key: 'cluster-chat',
      measure: `chat line from a caller on one host to a caller on the other, ${perHost} callers on each host (${roomPerHost} of them in the chat room)`,
      target: 'p99 ≤ 10 ms',
      result: `p99 ${lat.p99} ms`,
      value: lat.p99,
      unit: 'ms',
      goal: { max: 10 },
      met: lat.count > 0 && lat.p99 <= 10 && errors.length === 0,
      detail:
        `Two board processes (hosts east and west) on one PostgreSQL (default durability) and one nats-server, all on the same two cores with the load clients: ${online} callers logged in over telnet (each from its own address), ${inRoom} of them in the chat room and the rest at the main menu; ` +
        `${speakers} callers on each host say a line every ${intervalMs / 1000} s for ${seconds} s (${said} lines, each shown to everyone in the room on both hosts), and one listener on each host times every line of the other host from the wall time written in it to its arrival: ` +
        `${lat.count} lines timed, p50 ${lat.p50}, p90 ${lat.p90}, max ${lat.max} ms${errors.length ? `; ${errors[0]}` : ''}`,
      extra: { latency: lat },
    },
  ];
}
