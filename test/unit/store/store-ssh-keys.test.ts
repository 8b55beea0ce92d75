import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteSshKeyRepository } from '../../../src/store/ssh-keys.js';

function seedUser(db: Database, name: string): number {
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id")
    .get(name, name) as { id: number };
  return row.id;
}

const blob = (n: number): Uint8Array => Uint8Array.from([0, 0, 0, 11, n, n + 1, n + 2]);

void test('keys are added, listed per user, found by fingerprint', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const keys = new SqliteSshKeyRepository(db);
    const added = await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:aaa', keyBlob: blob(1), comment: 'laptop', at: new Date(5) });
    assert.ok(added.ok);
    assert.deepEqual(
      { ...added.key, keyBlob: [...added.key.keyBlob] },
      { id: added.key.id, userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:aaa', keyBlob: [...blob(1)], comment: 'laptop', createdAt: new Date(5) },
    );
    const second = await keys.add({ userId: alice, algo: 'ssh-rsa', fingerprint: 'SHA256:bbb', keyBlob: blob(2), at: new Date(6) });
    assert.ok(second.ok);
    assert.equal(second.key.comment, null);
    await keys.add({ userId: bob, algo: 'ssh-ed25519', fingerprint: 'SHA256:ccc', keyBlob: blob(3), at: new Date(7) });

    assert.deepEqual((await keys.listForUser(alice)).map((k) => k.fingerprint), ['SHA256:aaa', 'SHA256:bbb']);
    const found = await keys.findByFingerprint('SHA256:ccc');
    assert.equal(found?.userId, bob);
    assert.ok(found && Buffer.from(blob(3)).equals(found.keyBlob));
    assert.equal(await keys.findByFingerprint('SHA256:zzz'), null);
  } finally {
    db.close();
  }
});

void test('one key cannot belong to two users', async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const keys = new SqliteSshKeyRepository(db);
    assert.equal((await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(1) })).ok, true);
    assert.deepEqual(await keys.add({ userId: bob, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(2) }), {
      ok: false,
      reason: 'taken',
    });
    assert.equal((await keys.findByFingerprint('SHA256:x'))?.userId, alice);
  } finally {
    db.close();
  }
});

void test("remove deletes only the caller's own key", async () => {
  const db = openDatabase(':memory:');
  try {
    const alice = seedUser(db, 'Alice');
    const bob = seedUser(db, 'Bob');
    const keys = new SqliteSshKeyRepository(db);
    const added = await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(1) });
    assert.ok(added.ok);
    assert.equal(await keys.remove(bob, added.key.id), false);
    assert.equal((await keys.listForUser(alice)).length, 1);
    assert.equal(await keys.remove(alice, added.key.id), true);
    assert.equal(await keys.remove(alice, added.key.id), false);
    assert.deepEqual(await keys.listForUser(alice), []);
    assert.equal(await keys.findByFingerprint('SHA256:x'), null);
  } finally {
    db.close();
  }
});
