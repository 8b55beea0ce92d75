import type { TestContext } from 'node:test';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { migratePg } from '../../src/store/postgres/pg-migrate.js';
import { freshSchema } from './postgres.js';

/**
 * Board hosts sharing one PostgreSQL database: a pool each on one migrated
 * schema, closed after the test. What one host writes the others must see,
 * and what they write at once must add up.
 */
export async function pgHosts(t: TestContext, count = 2, max = 8): Promise<PgDatabase[]> {
  const { url, schema } = await freshSchema();
  const pools = Array.from({ length: count }, () => PgDatabase.open(url, { schema, max }));
  t.after(() => Promise.all(pools.map((pool) => pool.close())));
  await migratePg(pools[0]!);
  return pools;
}
