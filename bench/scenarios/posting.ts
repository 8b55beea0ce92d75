import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedAccounts } from '../lib/accounts.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary } from '../lib/profile.js';
import { summarize } from '../lib/stats.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import { loadBoard } from './common.js';

type Posting = { posts: number; reads: number; postMs: number[]; errors: string[] };

/** Public messages per second from posters on the JSON socket while 100 readers page through the area. */
export async function postingScenario(ctx: BenchContext): Promise<Measure[]> {
  const posters = 50;
  const readers = 100;
  const seconds = ctx.quick ? 5 : 10;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, posters + readers);
  const profDir = join(ctx.work, 'cpu-posting');
  await mkdir(profDir, { recursive: true });
  const board = await loadBoard({ data, lines: 1000, nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  let results: Posting[] = [];
  try {
    const pool = startWorkers(2, 'posting', (i) => ({
      port: board.ports.tcpjson,
      posters: Array.from({ length: posters / 2 }, (_, k) => 1 + i * (posters / 2) + k),
      readers: Array.from({ length: readers / 2 }, (_, k) => 1 + posters + i * (readers / 2) + k),
      durationMs: seconds * 1000,
    }));
    await allReady(pool);
    for (const w of pool) w.go();
    results = await allResults<Posting>(pool);
  } finally {
    await board.stop();
  }
  const profile = ctx.profile ? cpuSummary(profDir) : [];
  const posts = results.reduce((n, r) => n + r.posts, 0);
  const reads = results.reduce((n, r) => n + r.reads, 0);
  const lat = summarize(results.flatMap((r) => r.postMs));
  const errors = results.flatMap((r) => r.errors);
  const rate = posts / seconds;
  ctx.log(`posted ${posts} (${rate.toFixed(0)}/s), reads ${reads}`);
  return [
    {
      measure: `public messages posted per second with ${readers} concurrent readers`,
      target: '≥ 5,000 / s',
      result: `${rate.toFixed(0)} / s`,
      value: Math.round(rate),
      unit: 'posts/s',
      met: rate >= 5000,
      detail: `${posters} posters on the JSON socket, each posting through the conversation (menu 1, a line, ".", "posted", the menu again) back to back for ${seconds} s, while ${readers} readers repeat menu 2 (first page, q): ${posts} posts, ${reads} reads (${(reads / seconds).toFixed(0)}/s); one post from key to "posted" p50 ${lat.p50}, p99 ${lat.p99} ms${errors.length ? `; ${errors[0]}` : ''}`,
      extra: { postLatency: lat, readsPerSecond: reads / seconds, ...(profile.length ? { cpuProfile: profile } : {}) },
    },
  ];
}
