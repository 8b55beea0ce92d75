import { join } from 'node:path';
import Database from 'better-sqlite3';
import { nameKey } from '../../src/store/name-key.js';
import { nameSkeleton } from '../../src/store/name-skeleton.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

export const BENCH_PASSWORD = 'bench-password';

/** Account names the workers log in as: Caller1, Caller2 ... */
export const callerName = (n: number): string => `Caller${n}`;

/**
 * Make `count` accounts in a board's data folder before it starts. One real
 * scrypt hash is shared by all of them: making thousands of hashes would
 * take minutes and measure nothing the benchmark is about.
 */
export async function seedAccounts(data: string, count: number): Promise<void> {
  const store = openSqliteStore(join(data, 'bbs.db'));
  const first = await store.users.create('Sysop', BENCH_PASSWORD);
  await store.close();
  if (!first.ok) throw new Error('could not make the first account');
  const db = new Database(join(data, 'bbs.db'));
  try {
    const hash = db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(first.user.id) as string;
    const insert = db.prepare('INSERT INTO users (name, name_key, name_skeleton, password_hash, created_at, calls, level) VALUES (?, ?, ?, ?, ?, 5, ?)');
    db.transaction(() => {
      for (let n = 1; n <= count; n++) insert.run(callerName(n), nameKey(callerName(n)), nameSkeleton(callerName(n)), hash, Date.now(), 'member');
    })();
  } finally {
    db.close();
  }
}
