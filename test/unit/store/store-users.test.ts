import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { nameKey } from '../../../src/store/name-key.js';
import { PasswordHasher } from '../../../src/store/password.js';
import { PgUserRepository } from '../../../src/store/postgres/pg-users.js';
import type { User, UserRepository } from '../../../src/store/types/users.js';
import { SqliteUserRepository } from '../../../src/store/users.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts, sqliteHosts } from '../../helpers/store-hosts.js';

const hasher = new PasswordHasher();
after(() => hasher.close());

/** The repository under test on `engine`, a raw read of an account's stored hash, and a raw rename of an account behind the store's back. */
async function repoFor(t: TestContext, engine: Engine): Promise<{ users: UserRepository; hashOf: (id: number) => Promise<string>; rename: (id: number, name: string) => Promise<void> }> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    const hashOf = (id: number): Promise<string> =>
      Promise.resolve((db.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as { password_hash: string }).password_hash);
    const rename = (id: number, name: string): Promise<void> => Promise.resolve(void db.prepare('UPDATE users SET name = ? WHERE id = ?').run(name, id));
    return { users: new SqliteUserRepository(db, hasher), hashOf, rename };
  }
  const db = await pgTestDatabase(t);
  const hashOf = async (id: number): Promise<string> =>
    (await db.one<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [id]))!.password_hash;
  const rename = async (id: number, name: string): Promise<void> => void (await db.run('UPDATE users SET name = $1 WHERE id = $2', [name, id]));
  return { users: new PgUserRepository(db, hasher), hashOf, rename };
}

/**
 * The real hasher, except that each hash waits until `size` of them are
 * done: the board's hashes take turns, so without this registrations made
 * "at once" would reach the database one hash-time apart, never together.
 */
class TogetherHasher extends PasswordHasher {
  private waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    super();
  }

  override async hash(password: string): Promise<string> {
    const hash = await super.hash(password);
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length < this.size) return;
      for (const release of this.waiting.splice(0)) release();
    });
    return hash;
  }
}

/** One repository per host, all on one database: pools on PostgreSQL, connections to one file on SQLite. */
async function hostsFor(t: TestContext, engine: Engine, count: number, using: PasswordHasher = hasher): Promise<UserRepository[]> {
  if (engine === 'sqlite') return sqliteHosts(t, count).map((db) => new SqliteUserRepository(db, using));
  return (await pgHosts(t, count)).map((db) => new PgUserRepository(db, using));
}

/** A hasher that lets `size` registrations reach the database together; closed after the test. */
function together(t: TestContext, size: number): PasswordHasher {
  const made = new TogetherHasher(size);
  t.after(() => made.close());
  return made;
}

engineTest('create returns the new user with defaults', async (t, engine) => {
  const { users } = await repoFor(t, engine);
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
});

engineTest('names are unique across case and fullwidth forms', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  assert.equal((await users.create('Zed', 'pw')).ok, true);
  assert.deepEqual(await users.create('zed', 'pw'), { ok: false, reason: 'taken' });
  assert.deepEqual(await users.create('ＺＥＤ', 'pw'), { ok: false, reason: 'taken' });
  assert.deepEqual(await users.create('ZED', 'pw'), { ok: false, reason: 'taken' });
  assert.equal((await users.create('Zeb', 'pw')).ok, true);
  assert.equal(await users.count(), 2);
});

void test('name folding covers full case folding and compatibility forms', () => {
  assert.equal(nameKey('ＺＥＤ'), 'zed');
  assert.equal(nameKey('Straße'), nameKey('STRASSE'));
  assert.equal(nameKey('ΣΟΦΟΣ'), nameKey('σοφος'));
  assert.equal(nameKey('ﬁsh'), 'fish');
  assert.notEqual(nameKey('zed'), nameKey('zeb'));
});

engineTest('a concurrent create of the same name loses to the unique index', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  const results = await Promise.all([users.create('Race', 'a'), users.create('race', 'b')]);
  assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  assert.equal(await users.count(), 1);
});

engineTest('lookups by name are case-insensitive and by id exact', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  const created = await users.create('Alice', 'pw');
  assert.ok(created.ok);
  assert.equal((await users.findByName('alice'))?.id, created.user.id);
  assert.equal((await users.findByName('ＡＬＩＣＥ'))?.name, 'Alice');
  assert.equal((await users.findById(created.user.id))?.name, 'Alice');
  assert.equal(await users.findByName('bob'), null);
  assert.equal(await users.findById(created.user.id + 100), null);
});

engineTest('stored hash holds no clear password', async (t, engine) => {
  const { users, hashOf } = await repoFor(t, engine);
  const created = await users.create('Carol', 'hunter2-very-secret');
  assert.ok(created.ok);
  const hash = await hashOf(created.user.id);
  assert.match(hash, /^scrypt\$16384\$8\$1\$/);
  assert.ok(!hash.includes('hunter2'));
});

engineTest('verifyPassword: right password gives the user, wrong or unknown gives null', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  const created = await users.create('Dave', 'letmein');
  assert.ok(created.ok);
  assert.equal((await users.verifyPassword('dave', 'letmein'))?.id, created.user.id);
  assert.equal(await users.verifyPassword('Dave', 'letmeout'), null);
  assert.equal(await users.verifyPassword('Nobody', 'letmein'), null);
});

engineTest('setPassword replaces the old password', async (t, engine) => {
  const { users, hashOf } = await repoFor(t, engine);
  const created = await users.create('Erin', 'old');
  assert.ok(created.ok);
  const before = await hashOf(created.user.id);
  await users.setPassword(created.user.id, 'new');
  assert.notEqual(await hashOf(created.user.id), before);
  assert.equal(await users.verifyPassword('Erin', 'old'), null);
  assert.equal((await users.verifyPassword('Erin', 'new'))?.id, created.user.id);
  await assert.rejects(users.setPassword(9999, 'x'));
});

engineTest('recordLogin counts calls and stamps the last call', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  const created = await users.create('Finn', 'pw');
  assert.ok(created.ok);
  await users.recordLogin(created.user.id, new Date(1000));
  const after = await users.recordLogin(created.user.id, new Date(2000));
  assert.equal(after.calls, 2);
  assert.deepEqual(after.lastCallAt, new Date(2000));
  assert.equal((await users.findById(created.user.id))?.calls, 2);
  await assert.rejects(users.recordLogin(9999, new Date()));
});

engineTest('list returns users in creation order', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  await users.create('One', 'pw');
  await users.create('Two', 'pw');
  await users.create('Three', 'pw');
  assert.deepEqual((await users.list()).map((u) => u.name), ['One', 'Two', 'Three']);
});

engineTest('profile, level and ban are set and read back', async (t, engine) => {
  const { users } = await repoFor(t, engine);
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
});

engineTest('current: the account in hand while its row is unchanged, the row afresh after any change, null once gone', async (t, engine) => {
  const { users, rename } = await repoFor(t, engine);
  const made = await users.create('Vera', 'pw');
  assert.ok(made.ok);
  const read = (await users.findById(made.user.id))!;
  assert.equal(await users.current(read), read, 'unchanged: the same object');
  assert.equal(await users.current(read), read, 'and again');

  // Each kind of change the store makes, and one it does not know about, is seen.
  const changes: Array<[string, () => Promise<unknown>, (u: User) => void]> = [
    ['level', () => users.setLevel(read.id, 'member'), (u) => assert.equal(u.level, 'member')],
    ['profile', () => users.setProfile(read.id, 'hi'), (u) => assert.equal(u.profile, 'hi')],
    ['ban', () => users.setBanned(read.id, true), (u) => assert.equal(u.banned, true)],
    ['login', () => users.recordLogin(read.id, new Date(1_700_000_000_000)), (u) => assert.equal(u.calls, 1)],
    ['password', () => users.setPassword(read.id, 'pw2'), () => {}],
    ['raw rename', () => rename(read.id, 'Vera2'), (u) => assert.equal(u.name, 'Vera2')],
  ];
  let held = read;
  for (const [what, change, check] of changes) {
    await change();
    const now = (await users.current(held))!;
    assert.notEqual(now, held, `${what}: read afresh`);
    assert.deepEqual(now, await users.findById(read.id), `${what}: as stored`);
    check(now);
    assert.equal(await users.current(now), now, `${what}: the fresh copy is current until the next change`);
    held = now;
  }
  assert.equal(await users.current({ ...held, id: held.id + 1000 }), null, 'an id nobody has');
});

engineTest('current sees a change another host made to the account', async (t, engine) => {
  const [here, there] = await hostsFor(t, engine, 2);
  const made = await here!.create('Wim', 'pw');
  assert.ok(made.ok);
  const held = (await here!.findById(made.user.id))!;
  assert.equal(await here!.current(held), held);
  await there!.setLevel(held.id, 'member');
  const now = (await here!.current(held))!;
  assert.equal(now.level, 'member');
  assert.equal(await here!.current(now), now);
});

engineTest('setters reject unknown users and unknown levels', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  const created = await users.create('Hal', 'pw');
  assert.ok(created.ok);
  await assert.rejects(users.setProfile(9999, 'x'), /no user/);
  await assert.rejects(users.setBanned(9999, true), /no user/);
  await assert.rejects(users.setLevel(created.user.id, 'root' as 'sysop'), /unknown security level/);
  assert.equal((await users.findById(created.user.id))?.level, 'new');
});

engineTest('the sysop seat: the first account takes it, the configured name only while it is empty', async (t, engine) => {
  const { users } = await repoFor(t, engine);
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
});

engineTest('registrations at once, on two hosts on one database, never make two sysops', async (t, engine) => {
  const [one, two] = (await hostsFor(t, engine, 2, together(t, 4))) as [UserRepository, UserRepository];
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
});

engineTest('a look-alike of an account is refused by the store, except to the configured sysop name', async (t, engine) => {
  const { users } = await repoFor(t, engine);
  assert.equal((await users.create('Kim', 'pw1')).ok, true);
  assert.deepEqual(await users.create('K1m', 'pw1'), { ok: false, reason: 'taken' });
  assert.deepEqual(await users.create('K\u0131m', 'pw1'), { ok: false, reason: 'taken' }, 'dotless i');
  assert.equal(await users.findByName('K1m'), null, 'the refused account is rolled back');
  // A board whose configured sysop name came after a look-alike of it still lets the sysop in.
  const sysop = await users.create('KIM ', 'pw1', { claim: 'configured' });
  assert.deepEqual(sysop, { ok: false, reason: 'taken' }, 'the same name stays taken');
  const configured = await users.create('K1M', 'pw1', { claim: 'configured' });
  assert.equal(configured.ok && configured.user.level, 'sysop');
  assert.equal(await users.count(), 2);
});

engineTest('two hosts registering a name, its other spellings and its look-alikes at one instant make one account each round', async (t, engine) => {
  const [one, two] = (await hostsFor(t, engine, 2, together(t, 4))) as [UserRepository, UserRepository];
  for (let round = 0; round < 20; round++) {
    const made = await Promise.all([
      one.create(`Lin${round}`, 'pw1'),
      two.create(`LIN${round}`, 'pw1'),
      two.create(`L1n${round}`, 'pw1'),
      one.create(`\uff2cin${round}`, 'pw1'),
    ]);
    assert.equal(made.filter((r) => r.ok).length, 1, `round ${round}: ${JSON.stringify(made.map((r) => r.ok || r.reason))}`);
    assert.ok(made.every((r) => r.ok || r.reason === 'taken'));
  }
  assert.equal(await two.count(), 20);
});

engineTest('two hosts each registering the first account at one instant make exactly one sysop', async (t, engine) => {
  const pair = together(t, 2);
  for (let round = 0; round < 5; round++) {
    const [one, two] = (await hostsFor(t, engine, 2, pair)) as [UserRepository, UserRepository];
    const made = await Promise.all([one.create('Ada', 'pw1', { claim: 'first' }), two.create('Bea', 'pw1', { claim: 'first' })]);
    assert.ok(made.every((r) => r.ok));
    assert.equal(await one.countSysops(), 1, `round ${round}`);
    assert.deepEqual(made.map((r) => (r.ok ? r.user.level : r.reason)).sort(), ['new', 'sysop']);
  }
});

engineTest('logins counted on two hosts at once are all counted', async (t, engine) => {
  const [one, two] = (await hostsFor(t, engine, 2)) as [UserRepository, UserRepository];
  const created = await one.create('Cal', 'pw1');
  assert.ok(created.ok);
  const id = created.user.id;
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).recordLogin(id, new Date(1000 + i))));
  const after = await two.findById(id);
  assert.equal(after?.calls, 40);
  assert.ok(after?.lastCallAt && after.lastCallAt.getTime() >= 1000);
});
