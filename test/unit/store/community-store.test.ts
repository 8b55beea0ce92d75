import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/database.js';
import { nameSkeleton } from '../../../src/store/name-skeleton.js';
import { createSqliteStore } from '../../../src/store/sqlite-store.js';
import { engineTest, storeFor } from '../../helpers/store-engines.js';

engineTest('look-alike lookup by skeleton, indexed, oldest account first', async (t, engine) => {
  const store = await storeFor(t, engine);
  const bob = await store.users.create('Bob', 'password1');
  assert.ok(bob.ok);
  assert.equal((await store.users.findLookalike('B0B'))?.name, 'Bob');
  assert.equal((await store.users.findLookalike('b\u043eb'))?.name, 'Bob');
  assert.equal(await store.users.findLookalike('Rob'), null);
  await store.close();
});

test('schema 3 fills in the skeleton of accounts made before it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-skel-'));
  const path = join(dir, 'bbs.db');
  const old = openDatabase(path, { migrateTo: 2 });
  old.prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Zed', 'zed', 'x', 0)").run();
  old.close();
  const db = openDatabase(path);
  const row = db.prepare('SELECT name_skeleton FROM users').get() as { name_skeleton: string };
  assert.equal(row.name_skeleton, nameSkeleton('Zed'));
  const store = createSqliteStore(db);
  assert.equal((await store.users.findLookalike('ZED'))?.name, 'Zed');
  await store.close();
});

engineTest('topics: one row per thread with its reply count, liveliest first, only in their area', async (t, engine) => {
  const store = await storeFor(t, engine);
  const u = await store.users.create('Zed', 'password1');
  assert.ok(u.ok);
  const at = new Date(1_000_000);
  const a = await store.publicMessages.postMessage({ authorId: u.user.id, body: 'a', at, area: 'general', subject: 'A' });
  const b = await store.publicMessages.postMessage({ authorId: u.user.id, body: 'b', at, area: 'general', subject: 'B' });
  await store.publicMessages.postMessage({ authorId: u.user.id, body: 'elsewhere', at, area: 'retro', subject: 'R' });
  const reply = await store.publicMessages.postMessage({ authorId: u.user.id, body: 'r', at: new Date(2_000_000), parentId: a.id });
  await store.publicMessages.postMessage({ authorId: u.user.id, body: 'rr', at: new Date(3_000_000), parentId: reply.id });
  const topics = await store.publicMessages.topics('general', 10);
  assert.deepEqual(
    topics.map((t) => [t.root.subject, t.replies, t.lastPostedAt.getTime()]),
    [
      ['A', 2, 3_000_000],
      ['B', 0, 1_000_000],
    ],
  );
  assert.equal(topics[1]!.root.id, b.id);
  assert.equal((await store.publicMessages.topics('general', 1)).length, 1);
  await store.close();
});

engineTest('board settings: set, replace, remove; calls are counted', async (t, engine) => {
  const store = await storeFor(t, engine);
  assert.equal(await store.boardSettings.get('motd'), null);
  await store.boardSettings.set('motd', 'one');
  await store.boardSettings.set('motd', 'two');
  assert.equal(await store.boardSettings.get('motd'), 'two');
  await store.boardSettings.set('motd', null);
  assert.equal(await store.boardSettings.get('motd'), null);
  assert.equal(await store.calls.count(), 0);
  await store.calls.start({ transport: 'telnet', remote: '::1', at: new Date() });
  assert.equal(await store.calls.count(), 1);
  await store.close();
});
