import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import ssh2, { type AuthContext, type ParsedKey } from 'ssh2';
import { silentLogger } from '../../../../src/logger.js';
import { openSqliteStore, type SqliteStore } from '../../../../src/store/sqlite-store.js';
import { sshFingerprint } from '../../../../src/transports/ssh/fingerprint.js';
import { generateEd25519 } from '../../../../src/transports/ssh/host-keys.js';
import { sshAccountsOf, type SshAccounts } from '../../../../src/transports/ssh/ssh-accounts.js';
import { SshAuthenticator } from '../../../../src/transports/ssh/ssh-auth.js';
import { until } from '../../../helpers/until.js';

/** Stands in for ssh2's auth contexts: records the decision. */
class FakeContext extends EventEmitter {
  decision: 'accepted' | 'rejected' | null = null;
  methodsLeft: string[] | undefined;
  readonly decided: Promise<void>;
  private settle!: () => void;
  constructor(fields: Record<string, unknown>) {
    super();
    Object.assign(this, { service: 'ssh-connection', ...fields });
    this.decided = new Promise((resolve) => (this.settle = resolve));
  }
  accept(): void {
    this.decision = 'accepted';
    this.settle();
  }
  reject(methods?: string[]): void {
    this.decision = 'rejected';
    this.methodsLeft = methods;
    this.settle();
  }
}

function userKey(): { parsed: ParsedKey; blob: Buffer; fingerprint: string } {
  const parsed = ssh2.utils.parseKey(generateEd25519()) as ParsedKey;
  const blob = parsed.getPublicSSH();
  return { parsed, blob, fingerprint: sshFingerprint(blob) };
}

let store: SqliteStore;
let alice: number;
before(async () => {
  store = openSqliteStore(':memory:');
  const a = await store.users.create('Alice', 'alice-pass');
  const b = await store.users.create('Bob', 'bob-pass');
  const banned = await store.users.create('Banned', 'banned-pass');
  assert.ok(a.ok && b.ok && banned.ok);
  alice = a.user.id;
  await store.users.setBanned(banned.user.id, true);
});
after(async () => {
  await store.close();
});

function authenticator(maxAuthAttempts = 6): { auth: SshAuthenticator; tooMany: () => number } {
  let tooMany = 0;
  const auth = new SshAuthenticator({ accounts: sshAccountsOf(store), log: silentLogger, remote: '10.0.0.1', frontDoorUser: 'bbs', maxAuthAttempts, onTooManyFailures: () => tooMany++ });
  return { auth, tooMany: () => tooMany };
}

async function attempt(auth: SshAuthenticator, fields: Record<string, unknown>): Promise<FakeContext> {
  const ctx = new FakeContext(fields);
  auth.handle(ctx as unknown as AuthContext);
  await ctx.decided;
  return ctx;
}

test('the front-door user gets in with nothing, as anonymous, whatever the case', async () => {
  for (const username of ['bbs', 'BBS']) {
    const { auth } = authenticator();
    assert.equal((await attempt(auth, { username, method: 'none' })).decision, 'accepted');
    assert.deepEqual(auth.identity, { kind: 'anonymous' });
  }
});

test('an account name is asked for a key or a password, and never created', async () => {
  const { auth } = authenticator();
  const none = await attempt(auth, { username: 'Nobody', method: 'none' });
  assert.equal(none.decision, 'rejected');
  assert.deepEqual(none.methodsLeft, ['publickey', 'keyboard-interactive', 'password']);
  assert.equal((await attempt(auth, { username: 'Nobody', method: 'password', password: 'anything' })).decision, 'rejected');
  assert.equal(await store.users.findByName('Nobody'), null);
});

test('the right password logs in; a wrong one, or a banned account, does not', async () => {
  const { auth } = authenticator();
  assert.equal((await attempt(auth, { username: 'alice', method: 'password', password: 'wrong' })).decision, 'rejected');
  assert.equal((await attempt(auth, { username: 'Banned', method: 'password', password: 'banned-pass' })).decision, 'rejected');
  assert.equal(auth.identity, null);
  assert.equal((await attempt(auth, { username: 'alice', method: 'password', password: 'alice-pass' })).decision, 'accepted');
  assert.deepEqual(auth.identity, { kind: 'user', user: { id: alice, name: 'Alice', level: 'new' } });
});

test('keyboard-interactive asks one hidden Password: prompt', async () => {
  const { auth } = authenticator();
  let asked: unknown;
  const ctx = await attempt(auth, {
    username: 'Bob',
    method: 'keyboard-interactive',
    prompt(prompts: unknown, cb: (answers: string[]) => void) {
      asked = prompts;
      cb(['bob-pass']);
    },
  });
  assert.deepEqual(asked, [{ prompt: 'Password: ', echo: false }]);
  assert.equal(ctx.decision, 'accepted');
  assert.equal(auth.identity?.kind === 'user' && auth.identity.user.name, 'Bob');
});

test('an unlinked key is handed on for linking only once the client signed with it, and never logs anyone in', async () => {
  const key = userKey();
  const data = Buffer.from('session id and request, as ssh2 builds it');
  const query = { username: 'Alice', method: 'publickey', key: { algo: 'ssh-ed25519', data: key.blob } };

  // Anybody can ask about a public key: the answer is yes, so that a holder can sign, but the query proves nothing.
  const asked = authenticator();
  assert.equal((await attempt(asked.auth, query)).decision, 'accepted');
  assert.equal(asked.auth.identity, null);
  await attempt(asked.auth, { username: 'Alice', method: 'password', password: 'alice-pass' });
  assert.deepEqual(asked.auth.identity, { kind: 'user', user: { id: alice, name: 'Alice', level: 'new' } }, 'no key to offer');

  const forged = authenticator();
  const bad = Buffer.from(key.parsed.sign(data));
  bad[0]! ^= 0xff;
  assert.equal((await attempt(forged.auth, { ...query, blob: data, signature: bad })).decision, 'rejected');
  await attempt(forged.auth, { username: 'Alice', method: 'password', password: 'alice-pass' });
  assert.equal(forged.auth.identity?.kind === 'user' && forged.auth.identity.offeredKey, undefined, 'a bad signature proves nothing');

  const signed = authenticator();
  assert.equal((await attempt(signed.auth, { ...query, blob: data, signature: key.parsed.sign(data) })).decision, 'rejected', 'an unlinked key logs nobody in');
  assert.equal(signed.auth.identity, null);
  await attempt(signed.auth, { username: 'Alice', method: 'password', password: 'alice-pass' });
  assert.deepEqual(signed.auth.identity, {
    kind: 'user',
    user: { id: alice, name: 'Alice', level: 'new' },
    offeredKey: { algo: 'ssh-ed25519', fingerprint: key.fingerprint, blob: key.blob.toString('base64') },
  });
});

test('a linked key is accepted only with a valid signature from its owner', async () => {
  const key = userKey();
  const linked = await store.sshKeys.add({ userId: alice, algo: 'ssh-ed25519', fingerprint: key.fingerprint, keyBlob: key.blob, at: new Date() });
  assert.ok(linked.ok);
  const data = Buffer.from('session id and request, as ssh2 builds it');
  const signed = (signature: Buffer, username = 'Alice') => ({ username, method: 'publickey', key: { algo: 'ssh-ed25519', data: key.blob }, blob: data, signature });

  const probe = authenticator();
  assert.equal((await attempt(probe.auth, { username: 'Alice', method: 'publickey', key: { algo: 'ssh-ed25519', data: key.blob } })).decision, 'accepted', 'the key query is answered yes so the client signs');
  assert.equal(probe.auth.identity, null, 'a query alone logs nobody in');

  const forged = authenticator();
  const bad = Buffer.from(key.parsed.sign(data));
  bad[0]! ^= 0xff;
  assert.equal((await attempt(forged.auth, signed(bad))).decision, 'rejected');
  assert.equal(forged.auth.identity, null);

  const other = authenticator();
  assert.equal((await attempt(other.auth, signed(key.parsed.sign(data), 'Bob'))).decision, 'rejected', "Alice's key is not Bob's");

  const good = authenticator();
  assert.equal((await attempt(good.auth, signed(key.parsed.sign(data)))).decision, 'accepted');
  assert.deepEqual(good.auth.identity, { kind: 'user', user: { id: alice, name: 'Alice', level: 'new' } });
});

test('a key blob that does not match its stated algorithm is refused', async () => {
  const { auth } = authenticator();
  const key = userKey();
  assert.equal((await attempt(auth, { username: 'Alice', method: 'publickey', key: { algo: 'ssh-rsa', data: key.blob } })).decision, 'rejected');
  assert.equal((await attempt(auth, { username: 'Alice', method: 'publickey', key: { algo: 'ssh-ed25519', data: Buffer.from('junk') } })).decision, 'rejected');
});

test('the connection is ended after the sixth failure, once', async () => {
  const { auth, tooMany } = authenticator(6);
  await attempt(auth, { username: 'Alice', method: 'none' });
  for (let i = 0; i < 5; i++) await attempt(auth, { username: 'Alice', method: 'password', password: `wrong-${i}` });
  assert.equal(tooMany(), 0, 'the first "none" and five failures are allowed');
  await attempt(auth, { username: 'Alice', method: 'password', password: 'wrong-6' });
  assert.equal(tooMany(), 1);
  const late = new FakeContext({ username: 'Alice', method: 'password', password: 'alice-pass' });
  auth.handle(late as unknown as AuthContext);
  // The same login on a connection still open: once it is accepted, the late one has had as long to be decided.
  const witness = new FakeContext({ username: 'Alice', method: 'password', password: 'alice-pass' });
  authenticator().auth.handle(witness as unknown as AuthContext);
  assert.equal(await until('the same login on an open connection to be decided', () => witness.decision, 5000), 'accepted');
  assert.notEqual(late.decision, 'accepted', 'nothing is accepted after the cut');
  assert.equal(tooMany(), 1);
});

test('the accounts port is all authentication asks, and one that fails refuses the attempt instead of crashing', async () => {
  const asked: string[] = [];
  const real = sshAccountsOf(store);
  const accounts: SshAccounts = {
    verifyPassword: (name, password) => (asked.push(`password ${name}`), real.verifyPassword(name, password)),
    findByName: (name) => (asked.push(`name ${name}`), real.findByName(name)),
    findKey: (fingerprint) => (asked.push('key'), Promise.reject(new Error(`disk I/O error reading ${fingerprint}`))),
  };
  const auth = new SshAuthenticator({ accounts, log: silentLogger, remote: '10.0.0.2', frontDoorUser: 'bbs', maxAuthAttempts: 6, onTooManyFailures: () => {} });
  const key = userKey();
  assert.equal((await attempt(auth, { username: 'Alice', method: 'publickey', key: { algo: 'ssh-ed25519', data: key.blob } })).decision, 'rejected');
  assert.equal(auth.identity, null);
  assert.equal((await attempt(auth, { username: 'Alice', method: 'password', password: 'alice-pass' })).decision, 'accepted');
  assert.deepEqual(auth.identity, { kind: 'user', user: { id: alice, name: 'Alice', level: 'new' } });
  assert.deepEqual(asked, ['name Alice', 'key', 'password Alice']);
});
