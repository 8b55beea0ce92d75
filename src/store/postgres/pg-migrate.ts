import { SchemaTooNewError } from '../migrate.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.js';

/** Any constant will do: every board process on the database takes the same lock to migrate. */
const MIGRATION_LOCK = 0x6d6f6e67;

async function versionIn(tx: PgQueryable): Promise<number> {
  await tx.run('CREATE TABLE IF NOT EXISTS bbs_schema (version INTEGER NOT NULL)');
  const row = await tx.one<{ version: number }>('SELECT version FROM bbs_schema');
  if (row) return row.version;
  await tx.run('INSERT INTO bbs_schema (version) VALUES (0)');
  return 0;
}

/** The schema version the database holds (0 for an empty one). */
export async function pgSchemaVersion(db: PgDatabase): Promise<number> {
  const table = await db.one<{ present: string | null }>("SELECT to_regclass('bbs_schema')::text AS present");
  if (!table?.present) return 0;
  return (await db.one<{ version: number }>('SELECT version FROM bbs_schema'))?.version ?? 0;
}

/**
 * Brings the schema up to `target` (default: the newest) in one transaction
 * holding an advisory lock, so hosts starting together apply each step once
 * and a failed step leaves the database as it was (PostgreSQL's DDL is
 * transactional). A database newer than the code is refused untouched.
 */
export async function migratePg(db: PgDatabase, migrations: readonly PgMigration[] = PG_MIGRATIONS, target = migrations.length): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const current = await versionIn(tx);
    if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length);
    for (let index = current; index < target; index++) await migrations[index]!.up(tx);
    if (target > current) await tx.run('UPDATE bbs_schema SET version = $1', [target]);
  });
}
