import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteOnelinerRepository } from '../../../src/store/oneliners.js';

function seedUser(db: Database, name: string): number {
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id")
    .get(name, name) as { id: number };
  return row.id;
}

void test('oneliners are added and listed newest first with their author', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const oneliners = new SqliteOnelinerRepository(db);
    const first = await oneliners.add(alice, 'first!', new Date(100));
    assert.deepEqual(first, { id: first.id, userId: alice, userName: 'Alice', createdAt: new Date(100), text: 'first!' });
    await oneliners.add(alice, 'second', new Date(200));
    await oneliners.add(alice, 'third', new Date(300));
    assert.deepEqual((await oneliners.listNewestFirst(2)).map((o) => o.text), ['third', 'second']);
  } finally {
    db.close();
  }
});

void test("today's count per user starts at the given instant", async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const oneliners = new SqliteOnelinerRepository(db);
    const midnight = new Date(Date.UTC(2024, 4, 1));
    await oneliners.add(alice, 'yesterday', new Date(midnight.getTime() - 1));
    await oneliners.add(alice, 'at midnight', midnight);
    await oneliners.add(alice, 'later', new Date(midnight.getTime() + 3_600_000));
    await oneliners.add(bob, 'bob today', new Date(midnight.getTime() + 1));
    assert.equal(await oneliners.countByUserSince(alice, midnight), 2);
    assert.equal(await oneliners.countByUserSince(bob, midnight), 1);
    assert.equal(await oneliners.countByUserSince(alice, new Date(0)), 3);
  } finally {
    db.close();
  }
});
