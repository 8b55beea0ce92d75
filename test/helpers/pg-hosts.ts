import type { TestContext } from 'node:test';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { migratePg } from '../../src/store/postgres/pg-migrate.js';
import { freshSchema } from './postgres.js';

/**
 * Two board hosts on one database: two pools on the same fresh, migrated
 * schema, closed after the test, for what only many hosts writing at once
 * can show.
 */
export async function twoPgHosts(t: TestContext, options: { max?: number } = {}): Promise<[PgDatabase, PgDatabase]> {
  const { url, schema } = await freshSchema();
  const hosts: [PgDatabase, PgDatabase] = [PgDatabase.open(url, { schema, max: options.max ?? 6 }), PgDatabase.open(url, { schema, max: options.max ?? 6 })];
  t.after(() => Promise.all(hosts.map((h) => h.close())));
  await migratePg(hosts[0]);
  return hosts;
}
