import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callerName, seedAccounts } from '../lib/accounts.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary } from '../lib/profile.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import { startPostgres } from '../../test/helpers/postgres.js';
import { loadBoard } from './common.js';

type Conversation = { posts: number; reads: number; postMs: number[]; errors: string[] };
type StorePosts = { posts: number; postMs: number[]; errors: string[] };

const POSTERS = 50;
const READERS = 100;

/** Callers on the JSON socket, split over two client processes: posters 1..50 and readers 51..150 by account number. */
function conversationWorkers(board: LaunchedBoard, withPosters: boolean, seconds: number): Worker[] {
  return startWorkers(2, 'posting', (i) => ({
    port: board.ports.tcpjson,
    posters: withPosters ? Array.from({ length: POSTERS / 2 }, (_, k) => 1 + i * (POSTERS / 2) + k) : [],
    readers: Array.from({ length: READERS / 2 }, (_, k) => 1 + POSTERS + i * (READERS / 2) + k),
    durationMs: seconds * 1000,
  }));
}

async function runTogether<T>(workers: Worker[]): Promise<T[]> {
  await allReady(workers, 300_000);
  for (const w of workers) w.go();
  return allResults<T>(workers);
}

/**
 * Public messages per second while 100 callers page through the area. Two
 * ways: 50 posters using the board's message store from a process beside
 * the board (a node of its own on the same database; the figure for the
 * target), and 50 posters typing their posts through the whole conversation
 * on the JSON socket (every prompt rendered and sent; for reference).
 */
export function postingScenario(ctx: BenchContext): Promise<Measure[]> {
  return postingOn(ctx, null);
}

/**
 * The same on PostgreSQL: a server of the bench's own on loopback with its
 * default durability (every commit flushed), the board and the posters
 * given its URL.
 */
export async function postgresPostingScenario(ctx: BenchContext): Promise<Measure[]> {
  const server = await startPostgres({ durable: true });
  try {
    const measures = await postingOn(ctx, server.url);
    return measures.map((m) => ({ ...m, key: `${m.key}-postgres`, measure: `${m.measure}, on PostgreSQL` }));
  } finally {
    server.stop();
  }
}

async function postingOn(ctx: BenchContext, database: string | null): Promise<Measure[]> {
  const seconds = ctx.quick ? 5 : 10;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, POSTERS + READERS, database);
  const profDir = join(ctx.work, database ? 'cpu-posting-postgres' : 'cpu-posting');
  await mkdir(profDir, { recursive: true });
  const board = await loadBoard({ data, lines: 1000, nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [], ...(database ? { env: { BBS_DATABASE_URL: database } } : {}) });
  let store: StorePosts[] = [];
  let storeReaders: Conversation[] = [];
  let talk: Conversation[] = [];
  try {
    const storePosters = startWorkers(1, 'store-posting', () => ({
      data,
      ...(database ? { database } : {}),
      authors: Array.from({ length: POSTERS }, (_, k) => callerName(1 + k)),
      durationMs: seconds * 1000,
    }));
    const readers = conversationWorkers(board, false, seconds);
    const both = await runTogether<StorePosts | Conversation>([...storePosters, ...readers]);
    store = [both[0] as StorePosts];
    storeReaders = both.slice(1) as Conversation[];
    ctx.log(`store: ${store[0]!.posts} posts, readers ${storeReaders.reduce((n, r) => n + r.reads, 0)} pages`);
    talk = await runTogether<Conversation>(conversationWorkers(board, true, seconds));
  } finally {
    await board.stop();
  }
  const profile = ctx.profile ? cpuSummary(profDir) : [];

  const storePosts = store.reduce((n, r) => n + r.posts, 0);
  const storeRate = storePosts / seconds;
  const storeLat = summarize(store.flatMap((r) => r.postMs));
  const storeReads = storeReaders.reduce((n, r) => n + r.reads, 0);
  const storeErrors = [...store, ...storeReaders].flatMap((r) => r.errors);

  const talkPosts = talk.reduce((n, r) => n + r.posts, 0);
  const talkRate = talkPosts / seconds;
  const talkReads = talk.reduce((n, r) => n + r.reads, 0);
  const talkLat = summarize(talk.flatMap((r) => r.postMs));
  const talkErrors = talk.flatMap((r) => r.errors);
  ctx.log(`conversation: ${talkPosts} posts (${talkRate.toFixed(0)}/s), reads ${talkReads}`);

  const readerText = `${READERS} readers on the JSON socket repeat menu 2 (the newest page of the area, then q) as fast as the board answers`;
  return [
    {
      key: 'posting-store',
      measure: `public messages posted per second with ${READERS} concurrent readers`,
      target: '≥ 5,000 / s',
      result: `${storeRate.toFixed(0)} / s`,
      value: Math.round(storeRate),
      unit: 'posts/s',
      goal: { min: 5000 },
      met: storeRate >= 5000,
      detail: `${POSTERS} posters in a process beside the board, posting through the board's message store (the code the post flow calls; posts arriving together share one commit) to the board's database, back to back for ${seconds} s, while ${readerText}: ${storePosts} posts, ${storeReads} pages read (${(storeReads / seconds).toFixed(0)}/s); one post, call to commit, p50 ${storeLat.p50}, p99 ${storeLat.p99} ms${storeErrors.length ? `; ${storeErrors[0]}` : ''}`,
      extra: { postLatency: storeLat, readsPerSecond: storeReads / seconds },
    },
    {
      key: 'posting-conversation',
      measure: `the same posted through the whole conversation (for reference)`,
      target: '–',
      result: `${talkRate.toFixed(0)} / s`,
      value: Math.round(talkRate),
      unit: 'posts/s',
      met: null,
      detail: `${POSTERS} posters on the JSON socket, each typing its posts (menu 1, a line, ".", "posted", the menu again) back to back for ${seconds} s, while ${readerText}: ${talkPosts} posts, ${talkReads} pages read (${(talkReads / seconds).toFixed(0)}/s); one post from key to "posted" p50 ${talkLat.p50}, p99 ${talkLat.p99} ms. Every post costs four screens rendered and sent, so this is the board's rendering rate, shared with the readers${talkErrors.length ? `; ${talkErrors[0]}` : ''}`,
      extra: { postLatency: talkLat, readsPerSecond: talkReads / seconds, ...(profile.length ? { cpuProfile: profile } : {}) },
    },
  ];
}
