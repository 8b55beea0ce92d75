import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { migratePg, pgSchemaVersion } from '../../../src/store/postgres/pg-migrate.js';
import { PG_MIGRATIONS } from '../../../src/store/postgres/pg-migrations.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { freshSchema, postgresSkip } from '../../helpers/postgres.js';

/** The PostgreSQL schema's history against a real server. */

async function emptyDatabase(t: import('node:test').TestContext): Promise<PgDatabase> {
  const { url, schema } = await freshSchema();
  const db = PgDatabase.open(url, { schema, max: 4 });
  t.after(() => db.close());
  return db;
}

void test('the same steps, with the same names, as the SQLite file', () => {
  assert.deepEqual(
    PG_MIGRATIONS.map((m) => m.name),
    MIGRATIONS.map((m) => m.name),
  );
});

void test('an empty database is brought to the newest version; a second start changes nothing', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const db = await emptyDatabase(t);
  assert.equal(await pgSchemaVersion(db), 0);
  await migratePg(db);
  assert.equal(await pgSchemaVersion(db), PG_MIGRATIONS.length);
  await migratePg(db);
  assert.equal(await pgSchemaVersion(db), PG_MIGRATIONS.length);
  const tables = await db.rows<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1");
  assert.deepEqual(
    tables.map((r) => r.name),
    ['area_reads', 'area_stats', 'bbs_schema', 'board_settings', 'call_log', 'door_time', 'drafts', 'files', 'node_blocks', 'oneliners', 'private_messages', 'public_messages', 'ssh_keys', 'user_settings', 'users', 'web_tokens_spent'],
  );
});

void test('a step at a time: an upgrade from an older version applies only what is missing', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const db = await emptyDatabase(t);
  await migratePg(db, PG_MIGRATIONS, 2);
  assert.equal(await pgSchemaVersion(db), 2);
  await db.run("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Ｚed', 'zed', 'x', 1)");
  await migratePg(db);
  assert.equal(await pgSchemaVersion(db), PG_MIGRATIONS.length);
  // The look-alike key was computed for the account made before the column existed.
  const row = await db.one<{ name_skeleton: string }>('SELECT name_skeleton FROM users');
  assert.notEqual(row?.name_skeleton, '');
});

void test('hosts starting together on an empty database: each step runs once', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const { url, schema } = await freshSchema();
  const hosts = [1, 2, 3, 4].map(() => PgDatabase.open(url, { schema, max: 2 }));
  t.after(() => Promise.all(hosts.map((h) => h.close())));
  await Promise.all(hosts.map((h) => migratePg(h)));
  assert.equal(await pgSchemaVersion(hosts[0]!), PG_MIGRATIONS.length);
  assert.equal((await hosts[0]!.one<{ n: number }>('SELECT count(*) AS n FROM bbs_schema'))?.n, 1);
});

void test('a database newer than the code is refused and left as it was; a failing step leaves nothing half done', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const db = await emptyDatabase(t);
  await migratePg(db);
  await db.run('UPDATE bbs_schema SET version = 99');
  await assert.rejects(migratePg(db), /schema version 99 is newer than this program understands/);
  assert.equal(await pgSchemaVersion(db), 99);

  const other = await emptyDatabase(t);
  const broken = [...PG_MIGRATIONS.slice(0, 2), { name: 'broken', up: (tx: import('../../../src/store/postgres/pg-database.js').PgQueryable) => tx.run('CREATE TABLE nope (').then(() => {}) }];
  await assert.rejects(migratePg(other, broken));
  assert.equal(await pgSchemaVersion(other), 0, 'the whole upgrade rolled back');
  assert.equal((await other.one<{ t: string | null }>("SELECT to_regclass('users')::text AS t"))?.t, null);
});
