import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PgSshKeyRepository } from '../../../src/store/postgres/pg-ssh-keys.js';
import { SqliteSshKeyRepository } from '../../../src/store/ssh-keys.js';
import type { SshKeyRepository } from '../../../src/store/types/ssh-keys.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import type { PgDatabase } from '../../../src/store/postgres/pg-database.js';

/** The repository under test on `engine`, and a way to make the account a key belongs to. */
async function repoFor(t: TestContext, engine: Engine): Promise<{ keys: SshKeyRepository; seedUser: (name: string) => Promise<number> }> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    const seedUser = (name: string): Promise<number> =>
      Promise.resolve(
        (db.prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id").get(name, name) as { id: number }).id,
      );
    return { keys: new SqliteSshKeyRepository(db), seedUser };
  }
  const db = await pgTestDatabase(t);
  const seedUser = async (name: string): Promise<number> =>
    (await db.one<{ id: number }>("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ($1, lower($1), 'x', 0) RETURNING id", [name]))!.id;
  return { keys: new PgSshKeyRepository(db), seedUser };
}

const blob = (n: number): Uint8Array => Uint8Array.from([0, 0, 0, 11, n, n + 1, n + 2]);

engineTest('keys are added, listed per user, found by fingerprint', async (t, engine) => {
  const { keys, seedUser } = await repoFor(t, engine);
  const alice = await seedUser('Alice');
  const bob = await seedUser('Bob');
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
});

engineTest('one key cannot belong to two users', async (t, engine) => {
  const { keys, seedUser } = await repoFor(t, engine);
  const alice = await seedUser('Alice');
  const bob = await seedUser('Bob');
  assert.equal((await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(1) })).ok, true);
  assert.deepEqual(await keys.add({ userId: bob, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(2) }), {
    ok: false,
    reason: 'taken',
  });
  assert.equal((await keys.findByFingerprint('SHA256:x'))?.userId, alice);
});

engineTest("remove deletes only the caller's own key", async (t, engine) => {
  const { keys, seedUser } = await repoFor(t, engine);
  const alice = await seedUser('Alice');
  const bob = await seedUser('Bob');
  const added = await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:x', keyBlob: blob(1), at: new Date(1) });
  assert.ok(added.ok);
  assert.equal(await keys.remove(bob, added.key.id), false);
  assert.equal((await keys.listForUser(alice)).length, 1);
  assert.equal(await keys.remove(alice, added.key.id), true);
  assert.equal(await keys.remove(alice, added.key.id), false);
  assert.deepEqual(await keys.listForUser(alice), []);
  assert.equal(await keys.findByFingerprint('SHA256:x'), null);
});

engineTest('the key blob comes back byte for byte, every byte value and an empty comment', async (t, engine) => {
  const { keys, seedUser } = await repoFor(t, engine);
  const alice = await seedUser('Alice');
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  // A view into a larger buffer: only its own bytes are stored.
  const outer = new Uint8Array(259).fill(9);
  outer.set(every, 2);
  const view = new Uint8Array(outer.buffer, 2, 256);
  const added = await keys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: 'SHA256:all', keyBlob: view, comment: '', at: new Date(3) });
  assert.ok(added.ok);
  const found = await keys.findByFingerprint('SHA256:all');
  assert.ok(found && Buffer.isBuffer(found.keyBlob));
  assert.deepEqual([...found.keyBlob], [...every]);
  assert.equal(found.comment, '');
});

void test('two hosts adding one key for two users at once: one keeps it (postgres)', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const [a, b] = (await pgHosts(t, 2)) as [PgDatabase, PgDatabase];
  const seed = async (name: string): Promise<number> =>
    (await a.one<{ id: number }>("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ($1, lower($1), 'x', 0) RETURNING id", [name]))!.id;
  const [alice, bob] = [await seed('Alice'), await seed('Bob')];
  for (let round = 0; round < 10; round++) {
    const fingerprint = `SHA256:race${round}`;
    const added = await Promise.all([
      new PgSshKeyRepository(a).add({ userId: alice, algo: 'ssh-ed25519', fingerprint, keyBlob: blob(round), at: new Date(1) }),
      new PgSshKeyRepository(b).add({ userId: bob, algo: 'ssh-ed25519', fingerprint, keyBlob: blob(round), at: new Date(1) }),
    ]);
    assert.deepEqual(added.map((r) => r.ok).sort(), [false, true], `round ${round}`);
    assert.ok(added.every((r) => r.ok || r.reason === 'taken'));
  }
});
