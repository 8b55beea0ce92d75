import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { SqliteAreaReadRepository } from '../../../src/store/area-reads.js';
import { openDatabase } from '../../../src/store/database.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';

function seedUser(db: Database, name: string): number {
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id")
    .get(name, name) as { id: number };
  return row.id;
}

void test('unread counts follow the last-read pointer per user and area', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const messages = new SqlitePublicMessageRepository(db);
    const reads = new SqliteAreaReadRepository(db);
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
  } finally {
    db.close();
  }
});

void test('the pointer never moves backwards', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const reads = new SqliteAreaReadRepository(db);
    await reads.markRead(alice, 'retro', 10);
    await reads.markRead(alice, 'retro', 4);
    assert.equal(await reads.lastRead(alice, 'retro'), 10);
    await reads.markRead(alice, 'retro', 12);
    assert.equal(await reads.lastRead(alice, 'retro'), 12);
    assert.equal(await reads.lastRead(alice, 'coding'), 0);
  } finally {
    db.close();
  }
});

void test('a pointer for a user that does not exist is refused', async () => {
  const db = openDatabase(':memory:');
  try {
    const reads = new SqliteAreaReadRepository(db);
    await assert.rejects(reads.markRead(42, 'retro', 1), /FOREIGN KEY/);
  } finally {
    db.close();
  }
});
