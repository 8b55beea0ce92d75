import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openBoardStore } from '../../src/store/board-store.js';
import { nameKey } from '../../src/store/name-key.js';
import { nameSkeleton } from '../../src/store/name-skeleton.js';

export const BENCH_PASSWORD = 'bench-password';

/** Account names the workers log in as: Caller1, Caller2 ... */
export const callerName = (n: number): string => `Caller${n}`;

/**
 * Make `count` accounts in a board's data folder before it starts. One real
 * scrypt hash is shared by all of them: making thousands of hashes would
 * take minutes and measure nothing the benchmark is about.
 */
export async function seedAccounts(data: string, count: number, database: string | null = null): Promise<void> {
  const store = await openBoardStore({ data, database });
  const first = await store.users.create('Sysop', BENCH_PASSWORD);
  await store.close();
  if (!first.ok) throw new Error('could not make the first account');
  const rows = Array.from({ length: count }, (_, i) => callerName(i + 1)).map((name) => [name, nameKey(name), nameSkeleton(name)] as const);
  if (database) return seedInPostgres(database, first.user.id, rows);
  const db = new Database(join(data, 'bbs.db'));
  try {
    const hash = db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(first.user.id) as string;
    const insert = db.prepare('INSERT INTO users (name, name_key, name_skeleton, password_hash, created_at, calls, level) VALUES (?, ?, ?, ?, ?, 5, ?)');
    db.transaction(() => {
      for (const [name, key, skeleton] of rows) insert.run(name, key, skeleton, hash, Date.now(), 'member');
    })();
  } finally {
    db.close();
  }
}

async function seedInPostgres(url: string, firstId: number, rows: ReadonlyArray<readonly [string, string, string]>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: found } = await client.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [firstId]);
    const hash = found[0]!.password_hash;
    await client.query('BEGIN');
    for (const [name, key, skeleton] of rows) {
      await client.query("INSERT INTO users (name, name_key, name_skeleton, password_hash, created_at, calls, level) VALUES ($1, $2, $3, $4, $5, 5, 'member')", [name, key, skeleton, hash, Date.now()]);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
