import type { TestContext } from 'node:test';
import type { Database } from 'better-sqlite3';
import type { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { pgTestDatabase, sqliteTestDatabase, type Engine } from './store-engines.js';

/**
 * A test's database on either engine, with raw SQL that runs on both: write
 * `?` placeholders, which become `$1, $2...` for PostgreSQL. A test builds
 * the repository it tests from `sqlite` or `pg` by `engine`.
 */
export type EngineDb = { engine: 'sqlite'; sqlite: Database; pg?: never } | { engine: 'postgres'; pg: PgDatabase; sqlite?: never };

export async function engineDb(t: TestContext, engine: Engine): Promise<EngineDb> {
  return engine === 'sqlite' ? { engine, sqlite: sqliteTestDatabase(t) } : { engine, pg: await pgTestDatabase(t) };
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Every row, as plain objects on both engines. */
export async function sqlRows<T>(db: EngineDb, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  if (db.engine === 'postgres') return db.pg.rows<T>(numbered(sql), params);
  return db.sqlite
    .prepare(sql)
    .all(...params)
    .map((row) => ({ ...(row as object) }) as T);
}

export async function sqlRun(db: EngineDb, sql: string, params: readonly unknown[] = []): Promise<void> {
  if (db.engine === 'postgres') await db.pg.run(numbered(sql), params);
  else db.sqlite.prepare(sql).run(...params);
}

/** An account with no password worth the name, straight into the table: its id. */
export async function seedUser(db: EngineDb, name: string): Promise<number> {
  const rows = await sqlRows<{ id: number }>(db, "INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id", [name, name]);
  return rows[0]!.id;
}
