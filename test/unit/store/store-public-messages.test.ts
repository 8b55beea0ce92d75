import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';

function seedUser(db: Database, name: string): number {
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id")
    .get(name, name) as { id: number };
  return row.id;
}

void test('post returns the message with its author name', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const messages = new SqlitePublicMessageRepository(db);
    const posted = await messages.post(alice, 'hello world', new Date(5000));
    assert.equal(posted.authorId, alice);
    assert.equal(posted.authorName, 'Alice');
    assert.equal(posted.body, 'hello world');
    assert.deepEqual(posted.createdAt, new Date(5000));
    assert.equal(await messages.count(), 1);
  } finally {
    db.close();
  }
});

void test('posting as a user that does not exist is refused', async () => {
  const db = openDatabase(':memory:');
  try {
    const messages = new SqlitePublicMessageRepository(db);
    await assert.rejects(messages.post(42, 'ghost', new Date()), /FOREIGN KEY/);
    assert.equal(await messages.count(), 0);
  } finally {
    db.close();
  }
});

void test('listNewestFirst pages backwards with beforeId', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const messages = new SqlitePublicMessageRepository(db);
    for (let i = 1; i <= 5; i++) await messages.post(alice, `m${i}`, new Date(i));
    const first = await messages.listNewestFirst(2);
    assert.deepEqual(first.map((m) => m.body), ['m5', 'm4']);
    const next = await messages.listNewestFirst(2, first[1]?.id);
    assert.deepEqual(next.map((m) => m.body), ['m3', 'm2']);
    const last = await messages.listNewestFirst(10, next[1]?.id);
    assert.deepEqual(last.map((m) => m.body), ['m1']);
  } finally {
    db.close();
  }
});

void test('post() lands in the general area with no subject or parent', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const messages = new SqlitePublicMessageRepository(db);
    const posted = await messages.post(alice, 'hi', new Date(1));
    assert.deepEqual(
      { area: posted.area, subject: posted.subject, parentId: posted.parentId },
      { area: 'general', subject: null, parentId: null },
    );
    assert.deepEqual(await messages.findById(posted.id), posted);
    assert.equal(await messages.findById(posted.id + 1), null);
  } finally {
    db.close();
  }
});

void test('areas keep their own messages, read forward and backward', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const messages = new SqlitePublicMessageRepository(db);
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
  } finally {
    db.close();
  }
});

void test('replies inherit the parent area, and thread() returns the whole tree from any member', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const messages = new SqlitePublicMessageRepository(db);
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
  } finally {
    db.close();
  }
});

void test('a reply to a missing parent, or into another area, is refused', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const messages = new SqlitePublicMessageRepository(db);
    const root = await messages.postMessage({ authorId: alice, area: 'retro', body: 'root', at: new Date(1) });
    await assert.rejects(messages.postMessage({ authorId: alice, parentId: 9999, body: 'x', at: new Date(2) }), /no public message/);
    await assert.rejects(
      messages.postMessage({ authorId: alice, parentId: root.id, area: 'coding', body: 'x', at: new Date(2) }),
      /stays in its parent's area/,
    );
    assert.equal(await messages.count(), 1);
  } finally {
    db.close();
  }
});
