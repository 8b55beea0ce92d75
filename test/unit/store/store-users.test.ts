import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/database.js';
import { nameKey } from '../../../src/store/name-key.js';
import { PasswordHasher } from '../../../src/store/password.js';
import { SqliteUserRepository } from '../../../src/store/users.js';

const hasher = new PasswordHasher();
after(() => hasher.close());

function repo(): { users: SqliteUserRepository; close: () => void; hashOf: (id: number) => string } {
  const db = openDatabase(':memory:');
  const hashOf = (id: number): string =>
    (db.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as { password_hash: string }).password_hash;
  return { users: new SqliteUserRepository(db, hasher), close: () => db.close(), hashOf };
}

void test('create returns the new user with defaults', async () => {
  const { users, close } = repo();
  try {
    const at = new Date(1_700_000_000_000);
    const result = await users.create('Zed', 'pw1', { at });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.user, {
      id: result.user.id,
      name: 'Zed',
      createdAt: at,
      lastCallAt: null,
      calls: 0,
      level: 'new',
      banned: false,
      profile: null,
    });
    assert.equal(await users.count(), 1);
  } finally {
    close();
  }
});

void test('names are unique across case and fullwidth forms', async () => {
  const { users, close } = repo();
  try {
    assert.equal((await users.create('Zed', 'pw')).ok, true);
    assert.deepEqual(await users.create('zed', 'pw'), { ok: false, reason: 'taken' });
    assert.deepEqual(await users.create('ＺＥＤ', 'pw'), { ok: false, reason: 'taken' });
    assert.deepEqual(await users.create('ZED', 'pw'), { ok: false, reason: 'taken' });
    assert.equal((await users.create('Zeb', 'pw')).ok, true);
    assert.equal(await users.count(), 2);
  } finally {
    close();
  }
});

void test('name folding covers full case folding and compatibility forms', () => {
  assert.equal(nameKey('ＺＥＤ'), 'zed');
  assert.equal(nameKey('Straße'), nameKey('STRASSE'));
  assert.equal(nameKey('ΣΟΦΟΣ'), nameKey('σοφος'));
  assert.equal(nameKey('ﬁsh'), 'fish');
  assert.notEqual(nameKey('zed'), nameKey('zeb'));
});

void test('a concurrent create of the same name loses to the unique index', async () => {
  const { users, close } = repo();
  try {
    const results = await Promise.all([users.create('Race', 'a'), users.create('race', 'b')]);
    assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
    assert.equal(await users.count(), 1);
  } finally {
    close();
  }
});

void test('lookups by name are case-insensitive and by id exact', async () => {
  const { users, close } = repo();
  try {
    const created = await users.create('Alice', 'pw');
    assert.ok(created.ok);
    assert.equal((await users.findByName('alice'))?.id, created.user.id);
    assert.equal((await users.findByName('ＡＬＩＣＥ'))?.name, 'Alice');
    assert.equal((await users.findById(created.user.id))?.name, 'Alice');
    assert.equal(await users.findByName('bob'), null);
    assert.equal(await users.findById(created.user.id + 100), null);
  } finally {
    close();
  }
});

void test('stored hash holds no clear password', async () => {
  const { users, close, hashOf } = repo();
  try {
    const created = await users.create('Carol', 'hunter2-very-secret');
    assert.ok(created.ok);
    const hash = hashOf(created.user.id);
    assert.match(hash, /^scrypt\$16384\$8\$1\$/);
    assert.ok(!hash.includes('hunter2'));
  } finally {
    close();
  }
});

void test('verifyPassword: right password gives the user, wrong or unknown gives null', async () => {
  const { users, close } = repo();
  try {
    const created = await users.create('Dave', 'letmein');
    assert.ok(created.ok);
    assert.equal((await users.verifyPassword('dave', 'letmein'))?.id, created.user.id);
    assert.equal(await users.verifyPassword('Dave', 'letmeout'), null);
    assert.equal(await users.verifyPassword('Nobody', 'letmein'), null);
  } finally {
    close();
  }
});

void test('setPassword replaces the old password', async () => {
  const { users, close, hashOf } = repo();
  try {
    const created = await users.create('Erin', 'old');
    assert.ok(created.ok);
    const before = hashOf(created.user.id);
    await users.setPassword(created.user.id, 'new');
    assert.notEqual(hashOf(created.user.id), before);
    assert.equal(await users.verifyPassword('Erin', 'old'), null);
    assert.equal((await users.verifyPassword('Erin', 'new'))?.id, created.user.id);
    await assert.rejects(users.setPassword(9999, 'x'));
  } finally {
    close();
  }
});

void test('recordLogin counts calls and stamps the last call', async () => {
  const { users, close } = repo();
  try {
    const created = await users.create('Finn', 'pw');
    assert.ok(created.ok);
    await users.recordLogin(created.user.id, new Date(1000));
    const after = await users.recordLogin(created.user.id, new Date(2000));
    assert.equal(after.calls, 2);
    assert.deepEqual(after.lastCallAt, new Date(2000));
    assert.equal((await users.findById(created.user.id))?.calls, 2);
    await assert.rejects(users.recordLogin(9999, new Date()));
  } finally {
    close();
  }
});

void test('list returns users in creation order', async () => {
  const { users, close } = repo();
  try {
    await users.create('One', 'pw');
    await users.create('Two', 'pw');
    await users.create('Three', 'pw');
    assert.deepEqual((await users.list()).map((u) => u.name), ['One', 'Two', 'Three']);
  } finally {
    close();
  }
});

void test('profile, level and ban are set and read back', async () => {
  const { users, close } = repo();
  try {
    const created = await users.create('Gus', 'pw');
    assert.ok(created.ok);
    const id = created.user.id;
    assert.equal((await users.setProfile(id, 'sysop of the night shift')).profile, 'sysop of the night shift');
    assert.equal((await users.setLevel(id, 'sysop')).level, 'sysop');
    assert.equal((await users.setBanned(id, true)).banned, true);
    const banned = await users.findById(id);
    assert.deepEqual(
      { profile: banned?.profile, level: banned?.level, banned: banned?.banned },
      { profile: 'sysop of the night shift', level: 'sysop', banned: true },
    );
    assert.equal((await users.setBanned(id, false)).banned, false);
    assert.equal((await users.setProfile(id, null)).profile, null);
  } finally {
    close();
  }
});

void test('setters reject unknown users and unknown levels', async () => {
  const { users, close } = repo();
  try {
    const created = await users.create('Hal', 'pw');
    assert.ok(created.ok);
    await assert.rejects(users.setProfile(9999, 'x'), /no user/);
    await assert.rejects(users.setBanned(9999, true), /no user/);
    await assert.rejects(users.setLevel(created.user.id, 'root' as 'sysop'), /unknown security level/);
    assert.equal((await users.findById(created.user.id))?.level, 'new');
  } finally {
    close();
  }
});

void test('the sysop seat: the first account takes it, the configured name only while it is empty', async () => {
  const { users, close } = repo();
  try {
    assert.equal(await users.countSysops(), 0);
    const zed = await users.create('Zed', 'pw1', { claim: 'first' });
    assert.equal(zed.ok && zed.user.level, 'sysop');
    const ann = await users.create('Ann', 'pw1', { claim: 'first' });
    assert.equal(ann.ok && ann.user.level, 'new', 'only the first account');
    assert.deepEqual(await users.create('Morgan', 'pw1', { claim: 'configured' }), { ok: false, reason: 'reserved' });
    assert.equal(await users.findByName('Morgan'), null, 'the refused account is rolled back');
    assert.equal(await users.countSysops(), 1);
    // The sysop steps down at the shell: the seat is empty again and the configured name may take it.
    await users.setLevel(zed.ok ? zed.user.id : 0, 'member');
    const morgan = await users.create('Morgan', 'pw1', { claim: 'configured' });
    assert.equal(morgan.ok && morgan.user.level, 'sysop');
    assert.equal(await users.countSysops(), 1);
  } finally {
    close();
  }
});

void test('registrations at once, on two connections to one file, never make two sysops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-seat-'));
  const path = join(dir, 'bbs.db');
  const a = openDatabase(path);
  const b = openDatabase(path);
  try {
    const one = new SqliteUserRepository(a, hasher);
    const two = new SqliteUserRepository(b, hasher);
    // Hashing runs off the thread, so the inserts land after both have started.
    const made = await Promise.all([
      one.create('alice', 'pw1', { claim: 'first' }),
      two.create('sysop', 'pw1', { claim: 'configured' }),
      one.create('carol', 'pw1', { claim: 'first' }),
      two.create('dave', 'pw1', { claim: 'first' }),
    ]);
    const sysops = (await one.list()).filter((u) => u.level === 'sysop').map((u) => u.name);
    assert.equal(sysops.length, 1, `sysops: ${sysops.join(', ')}`);
    assert.equal(await two.countSysops(), 1);
    // Whoever lost the seat as the configured name was refused, not left as an ordinary account that looks like the sysop.
    const configured = made[1];
    if (configured.ok) assert.equal(configured.user.level, 'sysop');
    else assert.equal(await one.findByName('sysop'), null);
  } finally {
    a.close();
    b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
