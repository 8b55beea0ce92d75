import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteAreaReadRepository } from '../../../src/store/area-reads.js';
import { PgAreaReadRepository } from '../../../src/store/postgres/pg-area-reads.js';
import { PgPublicMessageRepository } from '../../../src/store/postgres/pg-public-messages.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';
import type { AreaReadRepository } from '../../../src/store/types/area-reads.js';
import type { PublicMessageRepository } from '../../../src/store/types/public-messages.js';
import { engineDb, seedUser, type EngineDb } from '../../helpers/engine-db.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { engineTest } from '../../helpers/store-engines.js';

function readsFor(db: EngineDb): AreaReadRepository {
  return db.engine === 'sqlite' ? new SqliteAreaReadRepository(db.sqlite) : new PgAreaReadRepository(db.pg);
}

function messagesFor(db: EngineDb): PublicMessageRepository {
  return db.engine === 'sqlite' ? new SqlitePublicMessageRepository(db.sqlite) : new PgPublicMessageRepository(db.pg);
}

engineTest('unread counts follow the last-read pointer per user and area', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const bob = await seedUser(db, 'Bob');
  const messages = messagesFor(db);
  const reads = readsFor(db);
  const retro: number[] = [];
  for (let i = 0; i < 3; i++) {
    retro.push((await messages.postMessage({ authorId: alice, area: 'retro', body: `r${i}`, at: new Date(i) })).id);
  }
  await messages.postMessage({ authorId: alice, area: 'coding', body: 'c', at: new Date(9) });

  assert.equal(await reads.lastRead(bob, 'retro'), 0);
  assert.equal(await reads.unreadCount(bob, 'retro'), 3);
  await reads.markRead(bob, 'retro', retro[1]!);
  assert.equal(await reads.lastRead(bob, 'retro'), retro[1]);
  assert.equal(await reads.unreadCount(bob, 'retro'), 1);
  assert.equal(await reads.unreadCount(alice, 'retro'), 3);
  assert.equal(await reads.unreadCount(bob, 'coding'), 1);

  assert.deepEqual(await reads.unreadCounts(bob), [
    { area: 'coding', unread: 1, total: 1, lastReadId: 0 },
    { area: 'retro', unread: 1, total: 3, lastReadId: retro[1] },
  ]);
});

engineTest('the pointer never moves backwards', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const reads = readsFor(db);
  await reads.markRead(alice, 'retro', 10);
  await reads.markRead(alice, 'retro', 4);
  assert.equal(await reads.lastRead(alice, 'retro'), 10);
  await reads.markRead(alice, 'retro', 12);
  assert.equal(await reads.lastRead(alice, 'retro'), 12);
  assert.equal(await reads.lastRead(alice, 'coding'), 0);
});

engineTest('a pointer for a user that does not exist is refused', async (t, engine) => {
  const db = await engineDb(t, engine);
  const reads = readsFor(db);
  await assert.rejects(reads.markRead(42, 'retro', 1), /foreign key/i);
});

void test('two hosts moving one pointer at once: it only goes forward and ends at the furthest read', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const pools = await pgHosts(t);
  const user = await seedUser({ engine: 'postgres', pg: pools[0]! }, 'Ann');
  const hosts = pools.map((pool) => new PgAreaReadRepository(pool));
  // One host reads its way up, the other jumps about: each mark races the others.
  const up = Array.from({ length: 100 }, (_, i) => i + 1);
  const about = up.map((i) => (i * 37) % 100);
  let marking = true;
  const seen: number[] = [];
  const watcher = (async () => {
    while (marking) seen.push(await hosts[1]!.lastRead(user, 'retro'));
  })();
  await Promise.all([...up.map((id) => hosts[0]!.markRead(user, 'retro', id)), ...about.map((id) => hosts[1]!.markRead(user, 'retro', id))]);
  marking = false;
  await watcher;
  assert.equal(await hosts[0]!.lastRead(user, 'retro'), 100);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'no reader ever saw the pointer go back');
});
