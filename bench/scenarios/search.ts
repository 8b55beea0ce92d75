import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/store/database.js';
import { SqliteMessageIndex } from '../../src/store/message-search.js';
import { SqlitePublicMessageRepository } from '../../src/store/public-messages.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { startPostgres } from '../../test/helpers/postgres.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { migratePg } from '../../src/store/postgres/pg-migrate.js';
import { messageWords } from '../../src/store/postgres/pg-message-search.js';
import { PgPublicMessageRepository } from '../../src/store/postgres/pg-public-messages.js';
import { round, summarize } from '../lib/stats.js';

const AREAS = ['general', 'retro', 'games', 'sysop'];
/** Words of ordinary posts, drawn with a Zipf-like skew: the first few are in most messages. */
const VOCABULARY = (
  'the and to of a in is it you that for on was with he be have this are not but at they his from had she or one all ' +
  'modem board call sysop door message file games retro ansi baud night line phone dial upload download post reply thread ' +
  'area menu node user name password screen terminal colour art door game score level play win lose time day week year ' +
  'computer machine disk drive memory program code bug fix build run test data network server client socket packet byte ' +
  'café über naïve résumé москва привет αθήνα γειά'
).split(' ');
/** A sentence in a script without spaces, in one message in a hundred. */
const KANA = '昨日は東京タワーに行った。とても楽しかった。';
/** Rare words: one message in ten thousand, and one in a hundred thousand (n modulo the areas picks where they land: none in sysop). */
const RARE = { every: 10_000, word: 'zephyrine' };
const RARER = { every: 100_000, word: 'quokkalore' };

/** A small deterministic generator, so every run searches the same board. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bodyOf(n: number, next: () => number): string {
  const words: string[] = [];
  const count = 15 + Math.floor(next() * 30);
  for (let i = 0; i < count; i++) words.push(VOCABULARY[Math.floor(VOCABULARY.length * next() ** 2.5)]!);
  if (n % RARE.every === 5) words.splice(Math.floor(next() * words.length), 0, RARE.word);
  if (n % RARER.every === 10) words.splice(Math.floor(next() * words.length), 0, RARER.word);
  if (n % 100 === 2) words.push(KANA);
  return words.join(' ');
}

/** `count` messages straight into the database in one transaction, indexed by the board's own index writer. */
function seed(db: Database, count: number): void {
  const next = random(1);
  const authors = 50;
  const addUser = db.prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, ?, 'x', 0)");
  const insert = db.prepare('INSERT INTO public_messages (author_id, created_at, body, area, subject) VALUES (?, ?, ?, ?, ?) RETURNING id');
  const index = new SqliteMessageIndex(db);
  db.transaction(() => {
    for (let i = 1; i <= authors; i++) addUser.run(`Caller${i}`, `caller${i}`);
    for (let n = 0; n < count; n++) {
      const body = bodyOf(n, next);
      const subject = `${VOCABULARY[30 + (n % 40)]} ${VOCABULARY[Math.floor(next() * 70)]}`;
      const { id } = insert.get(1 + (n % authors), 1_600_000_000_000 + n * 1000, body, AREAS[n % AREAS.length]!, subject) as { id: number };
      index.add(id, subject, body);
    }
  })();
}

interface Query {
  kind: string;
  text: string;
  areas: readonly string[];
}

const READABLE = AREAS.slice(0, 3);
const QUERIES: Query[] = [
  { kind: 'common word, every readable area', text: 'the', areas: READABLE },
  { kind: 'common word, one area', text: 'and', areas: ['retro'] },
  { kind: 'two common words', text: 'modem baud', areas: READABLE },
  { kind: 'accented word typed without accents', text: 'cafe', areas: READABLE },
  { kind: 'Japanese word inside a sentence', text: '東京', areas: READABLE },
  { kind: 'rare word (1 in 10,000)', text: RARE.word, areas: READABLE },
  { kind: 'rarer word (1 in 100,000), one area', text: RARER.word, areas: ['games'] },
  { kind: 'common word with a rare one', text: `the ${RARE.word}`, areas: READABLE },
  { kind: 'no match', text: 'xylophonic', areas: READABLE },
];

/** What the timing needs of a message store: its search, on either engine. */
interface Searcher {
  search(text: string, areas: readonly string[], page: { limit: number; beforeId?: number }): Promise<Array<{ message: { id: number } }>>;
}

interface Timed {
  all: ReturnType<typeof summarize>;
  byKind: Map<string, number[]>;
  kinds: string[];
}

/** Every kind of query, `rounds` times: the first page (21 rows: a page and one to tell if there is another) and the second, as a caller paging would ask. */
async function timeQueries(messages: Searcher, rounds: number): Promise<Timed> {
  const byKind = new Map<string, number[]>(QUERIES.map((q) => [q.kind, []]));
  const hits = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const started = performance.now();
      const first = await messages.search(q.text, q.areas, { limit: 21 });
      const last = first.at(-2);
      if (last) await messages.search(q.text, q.areas, { limit: 21, beforeId: last.message.id });
      byKind.get(q.kind)!.push((performance.now() - started) / (last ? 2 : 1));
      hits.set(q.kind, first.length);
    }
  }
  const kinds = QUERIES.map((q) => `${q.kind} "${q.text}" (${hits.get(q.kind)} on page 1): p50 ${summarize(byKind.get(q.kind)!).p50}, p99 ${summarize(byKind.get(q.kind)!).p99} ms`);
  return { all: summarize([...byKind.values()].flat()), byKind, kinds };
}

function searchRow(key: string, engine: string, count: number, rounds: number, seeded: string, seedSeconds: number, t: Timed): Measure {
  return {
    key,
    measure: `message search over ${count.toLocaleString('en')} messages on ${engine}, one page of hits`,
    target: 'p99 ≤ 50 ms',
    result: `p50 ${t.all.p50} ms, p99 ${t.all.p99} ms`,
    value: t.all.p99,
    unit: 'ms',
    label: 'p99',
    goal: { max: 50 },
    met: t.all.p99 <= 50,
    detail: `${count.toLocaleString('en')} messages of 15-45 words (a Zipf-like draw from ${VOCABULARY.length} words, a Japanese sentence in 1 in 100) in ${AREAS.length} areas, ${seeded} in ${seedSeconds.toFixed(0)} s; then ${rounds} rounds of ${QUERIES.length} queries through the board's message store (publicMessages.search), each timed for page 1 and page 2 of 20 (the figure is per page): ${t.kinds.join('; ')}`,
    extra: { seedSeconds: round(seedSeconds, 1), latency: t.all, byKind: Object.fromEntries([...t.byKind].map(([k, v]) => [k, summarize(v)])) },
  };
}

/**
 * Search over a million messages on SQLite: seeded straight into a board's
 * database file, then each kind of query through the board's message store.
 */
export async function searchScenario(ctx: BenchContext): Promise<Measure[]> {
  const count = ctx.quick ? 100_000 : 1_000_000;
  const rounds = ctx.quick ? 20 : 60;
  const dir = await mkdtemp(join(tmpdir(), 'bbs-bench-search-'));
  const db = openDatabase(join(dir, 'board.db'));
  try {
    const seededAt = performance.now();
    seed(db, count);
    const seedSeconds = (performance.now() - seededAt) / 1000;
    ctx.log(`search: ${count} messages seeded and indexed in ${seedSeconds.toFixed(1)} s`);
    const timed = await timeQueries(new SqlitePublicMessageRepository(db), rounds);
    return [searchRow('search-1m', 'SQLite', count, rounds, "seeded straight into a board's database file in one transaction with the board's own index writer", seedSeconds, timed)];
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rows a statement, when seeding PostgreSQL. */
const PG_BATCH = 10_000;

/**
 * The same messages in PostgreSQL (the bench's own server), with the words
 * column the board writes with each post; the GIN index is built after the
 * load, as the migration that adds it does for a board's existing messages.
 */
export async function seedPostgres(db: PgDatabase, count: number): Promise<void> {
  const next = random(1);
  const authors = 50;
  for (let i = 1; i <= authors; i++) await db.run("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ($1, $2, 'x', 0)", [`Caller${i}`, `caller${i}`]);
  const firstUser = Number((await db.rows<{ id: string }>('SELECT min(id) AS id FROM users'))[0]!.id);
  await db.run('DROP INDEX public_messages_words');
  for (let from = 0; from < count; from += PG_BATCH) {
    const cols: [number[], number[], string[], string[], string[], string[]] = [[], [], [], [], [], []];
    for (let n = from; n < Math.min(count, from + PG_BATCH); n++) {
      const body = bodyOf(n, next);
      const subject = `${VOCABULARY[30 + (n % 40)]} ${VOCABULARY[Math.floor(next() * 70)]}`;
      cols[0].push(firstUser + (n % authors));
      cols[1].push(1_600_000_000_000 + n * 1000);
      cols[2].push(body);
      cols[3].push(AREAS[n % AREAS.length]!);
      cols[4].push(subject);
      cols[5].push(messageWords(subject, body));
    }
    await db.run(
      'INSERT INTO public_messages (author_id, created_at, body, area, subject, words) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]::tsvector[])',
      cols,
    );
  }
  await db.run('CREATE INDEX public_messages_words ON public_messages USING gin(words)');
  await db.run('ANALYZE public_messages');
}

/** Search over a million messages on PostgreSQL, through the board's PostgreSQL message store. */
export async function postgresSearchScenario(ctx: BenchContext): Promise<Measure[]> {
  const count = ctx.quick ? 100_000 : 1_000_000;
  const rounds = ctx.quick ? 20 : 60;
  const server = await startPostgres();
  const db = PgDatabase.open(server.url, { max: 2 });
  try {
    await migratePg(db);
    const seededAt = performance.now();
    await seedPostgres(db, count);
    const seedSeconds = (performance.now() - seededAt) / 1000;
    ctx.log(`search-postgres: ${count} messages seeded and indexed in ${seedSeconds.toFixed(1)} s`);
    const timed = await timeQueries(new PgPublicMessageRepository(db), rounds);
    return [searchRow('search-1m-postgres', 'PostgreSQL', count, rounds, 'loaded into PostgreSQL 10,000 a statement with the words the board writes with each post, the GIN index built after', seedSeconds, timed)];
  } finally {
    await db.close();
    server.stop();
  }
}
