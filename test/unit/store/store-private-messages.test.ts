import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SqlitePrivateMessageRepository } from '../../../src/store/private-messages.js';

function seedUser(db: Database, name: string): number {
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id")
    .get(name, name) as { id: number };
  return row.id;
}

function setup(): { db: Database; mail: SqlitePrivateMessageRepository; alice: number; bob: number } {
  const db = openDatabase(':memory:');
  return { db, mail: new SqlitePrivateMessageRepository(db), alice: seedUser(db, 'Alice'), bob: seedUser(db, 'Bob') };
}

void test('send returns the message with both names, unread', async () => {
  const { db, mail, alice, bob } = setup();
  try {
    const sent = await mail.send(alice, bob, 'hi bob', new Date(7));
    assert.equal(sent.senderName, 'Alice');
    assert.equal(sent.recipientName, 'Bob');
    assert.equal(sent.read, false);
    assert.deepEqual(sent.createdAt, new Date(7));
    assert.equal(await mail.countUnread(bob), 1);
    assert.equal(await mail.countUnread(alice), 0);
  } finally {
    db.close();
  }
});

void test('inbox lists unread oldest first, then read newest first', async () => {
  const { db, mail, alice, bob } = setup();
  try {
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await mail.send(alice, bob, `m${i}`, new Date(i))).id);
    await mail.markRead(bob, [ids[0]!, ids[2]!]);
    const inbox = await mail.inbox(bob, 10);
    assert.deepEqual(inbox.map((m) => m.body), ['m2', 'm4', 'm5', 'm3', 'm1']);
    assert.deepEqual(inbox.map((m) => m.read), [false, false, false, true, true]);
    assert.equal(await mail.countUnread(bob), 3);
    assert.deepEqual((await mail.inbox(bob, 2)).map((m) => m.body), ['m2', 'm4']);
    assert.deepEqual(await mail.inbox(alice, 10), []);
  } finally {
    db.close();
  }
});

void test("markRead cannot touch someone else's mail", async () => {
  const { db, mail, alice, bob } = setup();
  try {
    const sent = await mail.send(alice, bob, 'private', new Date(1));
    await mail.markRead(alice, [sent.id]);
    assert.equal(await mail.countUnread(bob), 1);
    await mail.markRead(bob, [sent.id]);
    assert.equal(await mail.countUnread(bob), 0);
  } finally {
    db.close();
  }
});

void test('subjects are kept, findById returns any message', async () => {
  const { db, mail, alice, bob } = setup();
  try {
    const withSubject = await mail.send(alice, bob, 'body', new Date(1), 'Lunch?');
    const without = await mail.send(alice, bob, 'body', new Date(2));
    assert.equal(withSubject.subject, 'Lunch?');
    assert.equal(without.subject, null);
    assert.deepEqual(await mail.findById(withSubject.id), withSubject);
    assert.equal(await mail.findById(without.id + 10), null);
  } finally {
    db.close();
  }
});

void test('deleting hides a message from the recipient only, once', async () => {
  const { db, mail, alice, bob } = setup();
  try {
    const keep = await mail.send(alice, bob, 'keep', new Date(1));
    const gone = await mail.send(alice, bob, 'gone', new Date(2));
    assert.equal(await mail.deleteForRecipient(alice, gone.id), false);
    assert.equal(await mail.countUnread(bob), 2);
    assert.equal(await mail.deleteForRecipient(bob, gone.id), true);
    assert.equal(await mail.deleteForRecipient(bob, gone.id), false);
    assert.deepEqual((await mail.inbox(bob, 10)).map((m) => m.id), [keep.id]);
    assert.equal(await mail.countUnread(bob), 1);
    assert.equal((await mail.findById(gone.id))?.deletedByRecipient, true);
    assert.equal((await mail.findById(keep.id))?.deletedByRecipient, false);
  } finally {
    db.close();
  }
});
