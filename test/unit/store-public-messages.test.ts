import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/store/database.js';
import { SqlitePublicMessageRepository } from '../../src/store/public-messages.js';

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
