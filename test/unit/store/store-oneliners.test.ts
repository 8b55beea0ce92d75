import assert from 'node:assert/strict';
import { SqliteOnelinerRepository } from '../../../src/store/oneliners.js';
import { PgOnelinerRepository } from '../../../src/store/postgres/pg-oneliners.js';
import type { OnelinerRepository } from '../../../src/store/types/oneliners.js';
import { engineDb, seedUser, type EngineDb } from '../../helpers/engine-db.js';
import { engineTest } from '../../helpers/store-engines.js';

function repoFor(db: EngineDb): OnelinerRepository {
  return db.engine === 'sqlite' ? new SqliteOnelinerRepository(db.sqlite) : new PgOnelinerRepository(db.pg);
}

engineTest('oneliners are added and listed newest first with their author', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const oneliners = repoFor(db);
  const first = await oneliners.add(alice, 'first!', new Date(100));
  assert.deepEqual(first, { id: first.id, userId: alice, userName: 'Alice', createdAt: new Date(100), text: 'first!' });
  await oneliners.add(alice, 'second', new Date(200));
  await oneliners.add(alice, 'third', new Date(300));
  assert.deepEqual((await oneliners.listNewestFirst(2)).map((o) => o.text), ['third', 'second']);
});

engineTest("today's count per user starts at the given instant", async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const bob = await seedUser(db, 'Bob');
  const oneliners = repoFor(db);
  const midnight = new Date(Date.UTC(2024, 4, 1));
  await oneliners.add(alice, 'yesterday', new Date(midnight.getTime() - 1));
  await oneliners.add(alice, 'at midnight', midnight);
  await oneliners.add(alice, 'later', new Date(midnight.getTime() + 3_600_000));
  await oneliners.add(bob, 'bob today', new Date(midnight.getTime() + 1));
  assert.equal(await oneliners.countByUserSince(alice, midnight), 2);
  assert.equal(await oneliners.countByUserSince(bob, midnight), 1);
  assert.equal(await oneliners.countByUserSince(alice, new Date(0)), 3);
});
