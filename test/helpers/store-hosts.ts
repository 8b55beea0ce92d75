import type { TestContext } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/store/database.js';
import { PgDatabase } from '../../src/store/postgres/pg-database.js';
import { migratePg } from '../../src/store/postgres/pg-migrate.js';
import { freshSchema } from './postgres.js';

/**
 * Several board hosts on one database, for what only concurrent writers can
 * break: on PostgreSQL each host is a pool of its own on one migrated
 * schema; on SQLite each is a connection of its own to one file (what
 * several processes on one machine share). All closed after the test.
 */

export async function pgHosts(t: TestContext, count = 2, max = 4): Promise<PgDatabase[]> {
  const { url, schema } = await freshSchema();
  const hosts = Array.from({ length: count }, () => PgDatabase.open(url, { schema, max }));
  t.after(() => Promise.all(hosts.map((host) => host.close())));
  await migratePg(hosts[0]!);
  return hosts;
}

export function sqliteHosts(t: TestContext, count: number): Database[] {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-hosts-'));
  const hosts = Array.from({ length: count }, () => openDatabase(join(dir, 'bbs.db')));
  t.after(() => {
    for (const host of hosts) host.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return hosts;
}
