import { type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import type { PgQueryable } from '../../../src/store/postgres/pg-database.js';
import { PgUserSettingsRepository } from '../../../src/store/postgres/pg-user-settings.js';
import type { UserSettingsRepository } from '../../../src/store/types/user-settings.js';
import { SqliteUserSettingsRepository } from '../../../src/store/user-settings.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts, sqliteHosts } from '../../helpers/store-hosts.js';

const ANN = "INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Ann', 'ann', 'x', 0) RETURNING id";

function sqliteAnn(db: Database): number {
  return (db.prepare(ANN).get() as { id: number }).id;
}

async function pgAnn(db: PgQueryable): Promise<number> {
  return (await db.one<{ id: number }>(ANN))!.id;
}

/** The repository under test on `engine`, and the one account it keeps settings for. */
async function setup(t: TestContext, engine: Engine): Promise<{ settings: UserSettingsRepository; userId: number }> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    return { settings: new SqliteUserSettingsRepository(db), userId: sqliteAnn(db) };
  }
  const db = await pgTestDatabase(t);
  return { settings: new PgUserSettingsRepository(db), userId: await pgAnn(db) };
}

/** One repository per host on one database, and the account they share. */
async function hostsFor(t: TestContext, engine: Engine): Promise<{ hosts: UserSettingsRepository[]; userId: number }> {
  if (engine === 'sqlite') {
    const dbs = sqliteHosts(t, 2);
    return { hosts: dbs.map((db) => new SqliteUserSettingsRepository(db)), userId: sqliteAnn(dbs[0]!) };
  }
  const dbs = await pgHosts(t, 2);
  return { hosts: dbs.map((db) => new PgUserSettingsRepository(db)), userId: await pgAnn(dbs[0]!) };
}

engineTest('a user without saved settings gets an empty object', async (t, engine) => {
  const { settings, userId } = await setup(t, engine);
  assert.deepEqual(await settings.get(userId), {});
});

engineTest('set replaces, update merges', async (t, engine) => {
  const { settings, userId } = await setup(t, engine);
  await settings.set(userId, { theme: 'amber', cols: 80, hotkeys: true, nested: { a: [1, 2] } });
  assert.deepEqual(await settings.get(userId), { theme: 'amber', cols: 80, hotkeys: true, nested: { a: [1, 2] } });
  const merged = await settings.update(userId, { cols: 132, pager: null });
  assert.deepEqual(merged, { theme: 'amber', cols: 132, hotkeys: true, nested: { a: [1, 2] }, pager: null });
  assert.deepEqual(await settings.get(userId), merged);
  await settings.set(userId, { theme: 'green' });
  assert.deepEqual(await settings.get(userId), { theme: 'green' });
});

engineTest('settings for a user that does not exist are refused', async (t, engine) => {
  const { settings } = await setup(t, engine);
  await assert.rejects(settings.set(9999, { theme: 'x' }), /foreign key/i);
});

engineTest('updates from two hosts at once to one user all land', async (t, engine) => {
  const { hosts, userId } = await hostsFor(t, engine);
  await hosts[0]!.set(userId, { theme: 'amber' });
  await Promise.all(Array.from({ length: 20 }, (_, i) => hosts[i % 2]!.update(userId, { [`k${i}`]: i })));
  const saved = await hosts[1]!.get(userId);
  assert.deepEqual(saved, { theme: 'amber', ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) });
});

engineTest('the first update of a user with no saved settings, from two hosts at once, keeps both', async (t, engine) => {
  const { hosts, userId } = await hostsFor(t, engine);
  const [one, two] = await Promise.all([hosts[0]!.update(userId, { a: 1 }), hosts[1]!.update(userId, { b: [true, null] })]);
  assert.deepEqual(await hosts[0]!.get(userId), { a: 1, b: [true, null] });
  // Each update answers with what it saved: its own patch over what was there before it.
  assert.ok([one, two].some((merged) => Object.keys(merged).length === 2));
});
