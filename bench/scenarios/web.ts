import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBoardStore } from '../../src/store/board-store.js';
import { seedAccounts } from '../lib/accounts.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { meetsGoal } from '../lib/measure.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import { loadBoard } from './common.js';
import type { RoundTripResult } from '../tasks/round-trips.js';

const THREAD = 50;
const RATE = 200;

type WebLoad = { latencies: number[]; offered: number; bytes: number; errors: string[] };

/**
 * The web reader under load beside the terminal: a guest's page of a
 * thread of 50 messages asked 200 times a second over keep-alive
 * connections, while telnet callers at the main menu each press a key a
 * second. Both latencies from the same seconds.
 */
export async function webScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 200 : 500;
  const seconds = ctx.quick ? 5 : 20;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-web-'));
  await seedAccounts(data, callers);
  const rootId = await seedThread(data);
  const board = await loadBoard({ data, lines: 2000 });
  const workers: Worker[] = [];
  let trips: number[] = [];
  let tripErrors: string[] = [];
  let loggedIn = 0;
  let web: WebLoad = { latencies: [], offered: 0, bytes: 0, errors: [] };
  let cpuMs = 0;
  try {
    const terminal = startWorkers(2, 'round-trips', (i) => ({
      port: board.ports.telnet,
      accounts: Array.from({ length: callers / 2 }, (_, k) => 1 + i * (callers / 2) + k),
      intervalMs: 1000,
      durationMs: seconds * 1000,
      phases: 1,
    }));
    workers.push(...terminal);
    loggedIn = ((await allReady(terminal)) as { loggedIn: number }[]).reduce((n, r) => n + r.loggedIn, 0);
    ctx.log(`${loggedIn} callers at the main menu`);
    const reader = startWorkers(1, 'web-requests', () => ({ port: board.ports.http, path: `/read/thread/${rootId}`, rate: RATE, durationMs: seconds * 1000, sockets: 16 }));
    workers.push(...reader);
    await allReady(reader);
    const cpuBefore = board.cpuMs();
    for (const w of workers) w.go();
    const [results, [webResult]] = await Promise.all([allResults<RoundTripResult>(terminal), allResults<WebLoad>(reader)]);
    cpuMs = board.cpuMs() - cpuBefore;
    trips = results.flatMap((r) => r.phases[0] ?? []);
    tripErrors = results.flatMap((r) => r.errors);
    web = webResult!;
  } finally {
    for (const w of workers) w.kill();
    await board.stop();
    await rm(data, { recursive: true, force: true });
  }
  const w = summarize(web.latencies);
  const t = summarize(trips);
  ctx.log(`web ${JSON.stringify(w)} terminal ${JSON.stringify(t)}`);
  const answered = web.latencies.length === web.offered && web.offered > 0;
  return [
    {
      key: 'web-thread',
      measure: `a guest's page of a ${THREAD}-message thread, ${RATE} requests a second, beside ${loggedIn} terminal callers`,
      target: 'p99 ≤ 10 ms',
      result: `p99 ${w.p99} ms`,
      value: w.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 10 },
      met: meetsGoal(w.p99, { max: 10 }) && answered,
      detail: `GET /read/thread/ID over up to 16 keep-alive connections from one client, from the request to the last byte (${(web.bytes / 1024).toFixed(0)} KiB of HTML each), ${web.offered} offered in ${seconds} s, ${web.latencies.length} answered 200: p50 ${w.p50}, p90 ${w.p90}, max ${w.max} ms; the board used ${(cpuMs / 1000).toFixed(1)} s of CPU for pages and key presses together${web.errors.length ? `; ${web.errors[0]}` : ''}`,
      extra: { latency: w, boardCpuMs: cpuMs },
    },
    {
      key: 'web-thread-terminal',
      measure: `prompt round trip of ${loggedIn} telnet callers, each sending a key a second, during that web load`,
      target: 'p99 ≤ 5 ms (as round-trip)',
      result: `p99 ${t.p99} ms`,
      value: t.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      met: meetsGoal(t.p99, { max: 5 }) && loggedIn === callers,
      detail: `the round-trip task's callers pressing ? at the main menu: ${t.count} round trips, p50 ${t.p50}, p90 ${t.p90}, max ${t.max} ms${tripErrors.length ? `; ${tripErrors[0]}` : ''}`,
      extra: { latency: t },
    },
  ];
}

/** One thread of THREAD messages in the default area, written before the board starts; its first message's id. */
async function seedThread(data: string): Promise<number> {
  const store = await openBoardStore({ data, database: null });
  try {
    const author = (await store.users.findByName('Sysop'))!;
    const at = new Date();
    const root = await store.publicMessages.postMessage({ authorId: author.id, body: 'The first word.', at, area: 'general', subject: 'A long thread' });
    let parent = root.id;
    for (let i = 1; i < THREAD; i++) {
      const body = `Reply ${i}: ${'some words of a message '.repeat(3)}\n${'and a second line, a little longer than the first. '.repeat(1)}\n> a quoted line`;
      parent = (await store.publicMessages.postMessage({ authorId: author.id, body, at, parentId: i % 3 === 0 ? root.id : parent, subject: 'Re: A long thread' })).id;
    }
    return root.id;
  } finally {
    await store.close();
  }
}
