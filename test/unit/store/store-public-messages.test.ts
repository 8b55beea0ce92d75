import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PgPublicMessageRepository } from '../../../src/store/postgres/pg-public-messages.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';
import type { PublicMessageRepository } from '../../../src/store/types/public-messages.js';
import { engineDb, seedUser, sqlRows, type EngineDb } from '../../helpers/engine-db.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { engineTest } from '../../helpers/store-engines.js';

function repoFor(db: EngineDb): PublicMessageRepository {
  return db.engine === 'sqlite' ? new SqlitePublicMessageRepository(db.sqlite) : new PgPublicMessageRepository(db.pg);
}

engineTest('post returns the message with its author name', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const posted = await messages.post(alice, 'hello world', new Date(5000));
  assert.equal(posted.authorId, alice);
  assert.equal(posted.authorName, 'Alice');
  assert.equal(posted.body, 'hello world');
  assert.deepEqual(posted.createdAt, new Date(5000));
  assert.equal(await messages.count(), 1);
});

engineTest('posting as a user that does not exist is refused', async (t, engine) => {
  const db = await engineDb(t, engine);
  const messages = repoFor(db);
  await assert.rejects(messages.post(42, 'ghost', new Date()), /foreign key/i);
  assert.equal(await messages.count(), 0);
});

engineTest('listNewestFirst pages backwards with beforeId', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  for (let i = 1; i <= 5; i++) await messages.post(alice, `m${i}`, new Date(i));
  const first = await messages.listNewestFirst(2);
  assert.deepEqual(first.map((m) => m.body), ['m5', 'm4']);
  const next = await messages.listNewestFirst(2, first[1]?.id);
  assert.deepEqual(next.map((m) => m.body), ['m3', 'm2']);
  const last = await messages.listNewestFirst(10, next[1]?.id);
  assert.deepEqual(last.map((m) => m.body), ['m1']);
});

engineTest('post() lands in the general area with no subject or parent', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const posted = await messages.post(alice, 'hi', new Date(1));
  assert.deepEqual(
    { area: posted.area, subject: posted.subject, parentId: posted.parentId },
    { area: 'general', subject: null, parentId: null },
  );
  assert.deepEqual(await messages.findById(posted.id), posted);
  assert.equal(await messages.findById(posted.id + 1), null);
});

engineTest('areas keep their own messages, read forward and backward', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  for (let i = 1; i <= 4; i++) {
    await messages.postMessage({ authorId: alice, area: 'retro', subject: `r${i}`, body: `retro ${i}`, at: new Date(i) });
    await messages.postMessage({ authorId: alice, area: 'coding', body: `coding ${i}`, at: new Date(10 + i) });
  }
  const firstTwo = await messages.listInArea('retro', 2);
  assert.deepEqual(firstTwo.map((m) => m.body), ['retro 1', 'retro 2']);
  assert.deepEqual(firstTwo.map((m) => m.subject), ['r1', 'r2']);
  const rest = await messages.listInArea('retro', 10, firstTwo[1]?.id);
  assert.deepEqual(rest.map((m) => m.body), ['retro 3', 'retro 4']);
  const newest = await messages.listInAreaNewestFirst('coding', 3);
  assert.deepEqual(newest.map((m) => m.body), ['coding 4', 'coding 3', 'coding 2']);
  const older = await messages.listInAreaNewestFirst('coding', 3, newest[2]?.id);
  assert.deepEqual(older.map((m) => m.body), ['coding 1']);
  assert.deepEqual(await messages.listInArea('empty', 10), []);

  const areas = await messages.areas();
  assert.deepEqual(
    areas.map((a) => [a.area, a.count, a.lastPostedAt.getTime()]),
    [
      ['coding', 4, 14],
      ['retro', 4, 4],
    ],
  );
  assert.equal(areas[0]?.lastId, newest[0]?.id);
});

engineTest('replies inherit the parent area, and thread() returns the whole tree from any member', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const bob = await seedUser(db, 'Bob');
  const messages = repoFor(db);
  const root = await messages.postMessage({ authorId: alice, area: 'retro', subject: 'C64 or Amiga?', body: 'discuss', at: new Date(1) });
  const other = await messages.postMessage({ authorId: bob, area: 'retro', body: 'unrelated', at: new Date(2) });
  const reply = await messages.postMessage({ authorId: bob, parentId: root.id, body: 'Amiga', at: new Date(3) });
  const nested = await messages.postMessage({ authorId: alice, parentId: reply.id, area: 'retro', body: 'why?', at: new Date(4) });
  const sibling = await messages.postMessage({ authorId: alice, parentId: root.id, body: 'C64', at: new Date(5) });

  assert.equal(reply.area, 'retro');
  assert.equal(reply.parentId, root.id);
  assert.equal(nested.parentId, reply.id);
  const expected = [root.id, reply.id, nested.id, sibling.id];
  assert.deepEqual((await messages.thread(root.id)).map((m) => m.id), expected);
  assert.deepEqual((await messages.thread(nested.id)).map((m) => m.id), expected);
  assert.deepEqual((await messages.thread(other.id)).map((m) => m.id), [other.id]);
  assert.deepEqual(await messages.thread(9999), []);
});

engineTest('a reply to a missing parent, or into another area, is refused', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const root = await messages.postMessage({ authorId: alice, area: 'retro', body: 'root', at: new Date(1) });
  await assert.rejects(messages.postMessage({ authorId: alice, parentId: 9999, body: 'x', at: new Date(2) }), /no public message/);
  await assert.rejects(
    messages.postMessage({ authorId: alice, parentId: root.id, area: 'coding', body: 'x', at: new Date(2) }),
    /stays in its parent's area/,
  );
  assert.equal(await messages.count(), 1);
});

engineTest('topics list the threads of an area, most recently active first, with their replies', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const quiet = await messages.postMessage({ authorId: alice, area: 'retro', subject: 'quiet', body: 'q', at: new Date(1) });
  const busy = await messages.postMessage({ authorId: alice, area: 'retro', subject: 'busy', body: 'b', at: new Date(2) });
  const reply = await messages.postMessage({ authorId: alice, parentId: busy.id, body: 'r', at: new Date(3) });
  const nested = await messages.postMessage({ authorId: alice, parentId: reply.id, body: 'n', at: new Date(4) });
  await messages.postMessage({ authorId: alice, area: 'coding', body: 'elsewhere', at: new Date(5) });

  const topics = await messages.topics('retro', 10);
  assert.deepEqual(
    topics.map((topic) => ({ root: topic.root, replies: topic.replies, lastId: topic.lastId, at: topic.lastPostedAt.getTime() })),
    [
      { root: busy, replies: 2, lastId: nested.id, at: 4 },
      { root: quiet, replies: 0, lastId: quiet.id, at: 1 },
    ],
  );
  assert.deepEqual((await messages.topics('retro', 1)).map((topic) => topic.root.id), [busy.id]);
  assert.deepEqual(await messages.topics('empty', 10), []);
});

engineTest('a NUL in a subject or body never fails the post; PostgreSQL, whose text cannot hold it, keeps U+FFFD in its place', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const posted = await messages.postMessage({ authorId: alice, body: 'before\0after', subject: 'sub\0ject', at: new Date(1), area: 'general' });
  const stored = await messages.findById(posted.id);
  const kept = engine === 'sqlite' ? '\0' : '\uFFFD';
  assert.equal(stored?.body, `before${kept}after`);
  assert.equal(stored?.subject, `sub${kept}ject`);
});

engineTest('posts sent together commit together; one by an account that is gone, or replying to nothing, fails alone and the rest keep their order', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const root = await messages.postMessage({ authorId: alice, body: 'root', at: new Date(1), area: 'retro' });
  const sent = [
    messages.postMessage({ authorId: alice, body: 'one', at: new Date(2) }),
    messages.postMessage({ authorId: 999_999, body: 'ghost', at: new Date(3) }),
    messages.postMessage({ authorId: alice, body: 'reply', at: new Date(4), parentId: root.id }),
    messages.postMessage({ authorId: alice, body: 'orphan', at: new Date(5), parentId: 888_888 }),
    messages.postMessage({ authorId: alice, body: 'astray', at: new Date(6), parentId: root.id, area: 'general' }),
    messages.postMessage({ authorId: alice, body: 'two', at: new Date(7) }),
  ];
  const settled = await Promise.allSettled(sent);
  assert.deepEqual(
    settled.map((s) => s.status),
    ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'rejected', 'fulfilled'],
  );
  const posted = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  assert.deepEqual(posted.map((m) => [m.body, m.area]), [['one', 'general'], ['reply', 'retro'], ['two', 'general']]);
  assert.ok(posted[0]!.id < posted[1]!.id && posted[1]!.id < posted[2]!.id, 'ids in the order the posts were sent');
  assert.match(String((settled[3] as PromiseRejectedResult).reason), /no public message 888888 to reply to/);
  assert.match(String((settled[4] as PromiseRejectedResult).reason), /a reply stays in its parent's area \(retro\), not general/);
  assert.equal(await messages.count(), 4);
  assert.deepEqual((await messages.areas()).map((a) => [a.area, a.count]), [['general', 2], ['retro', 2]]);
});

// SQLite's own group commit is tested in group-commit.test.ts.
void test('on PostgreSQL, posts sent together are one transaction: one flush to disk for all of them', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const db = await engineDb(t, 'postgres');
  const alice = await seedUser(db, 'Alice');
  const messages = repoFor(db);
  const posted = await Promise.all(['a', 'b', 'c', 'd'].map((body, i) => messages.postMessage({ authorId: alice, body, at: new Date(i), area: i % 2 ? 'retro' : 'general' })));
  const xids = await sqlRows<{ xid: string }>(db, 'SELECT xmin::text AS xid FROM public_messages WHERE id = ANY(?::bigint[])', [posted.map((m) => m.id)]);
  assert.equal(new Set(xids.map((r) => r.xid)).size, 1, 'one transaction id on every row');
});
