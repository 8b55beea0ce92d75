import { test, type TestContext } from 'node:test';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/store/database.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { migratePg } from '../../src/store/postgres/pg-migrate.js';
import { createPostgresStore } from '../../src/store/postgres/pg-store.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { freshSchema, postgresSkip } from './postgres.js';

/**
 * The store suite runs on both engines: SQLite always, PostgreSQL where
 * Debian's server can be started (always under CI=true, where its absence
 * fails the run). `engineTest` declares one test per engine, titled with it.
 */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** A migrated PostgreSQL database in a schema of its own, closed after the test. */
export async function pgTestDatabase(t: TestContext, options: { max?: number } = {}): Promise<PgDatabase> {
  const { url, schema } = await freshSchema();
  const db = PgDatabase.open(url, { schema, max: options.max ?? 4 });
  t.after(() => db.close());
  await migratePg(db);
  return db;
}

/** A migrated in-memory SQLite database, closed after the test. */
export function sqliteTestDatabase(t: TestContext): Database {
  const db = openDatabase(':memory:');
  t.after(() => db.close());
  return db;
}

/** A whole store on the engine, empty and migrated, closed after the test. */
export async function storeFor(t: TestContext, engine: Engine): Promise<Store> {
  const store = engine === 'sqlite' ? createSqliteStore(openDatabase(':memory:')) : createPostgresStore(await pgTestDatabase(t));
  t.after(() => store.close());
  return store;
}

/** One test per engine: `name (sqlite)` and `name (postgres)`. */
export function engineTest(name: string, body: (t: TestContext, engine: Engine) => Promise<void>, options: { timeout?: number } = {}): void {
  for (const engine of ENGINES) {
    void test(`${name} (${engine})`, { timeout: options.timeout ?? 60_000 }, async (t) => {
      if (engine === 'postgres') {
        const skip = postgresSkip();
        if (skip) return t.skip(skip);
      }
      await body(t, engine);
    });
  }
}
