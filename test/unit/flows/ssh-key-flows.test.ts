import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlowDeps } from '../../../src/flows/deps.js';
import { LoginGuard } from '../../../src/rules/login-guard.js';
import { NO_QUOTAS } from '../../../src/flows/quotas.js';
import { LocalThrottle } from '../../../src/rules/throttle.js';
import { REQUIRED_SCREENS } from '../../../src/flows/screen-names.js';
import { manageKeys, offerKeyLink } from '../../../src/flows/ssh-keys.js';
import { silentLogger } from '../../../src/logger.js';
import { DEFAULT_ART } from '../../../src/main.js';
import { ArtLibrary } from '../../../src/screens/art-library.js';
import { makeBanner } from '../../../src/screens/banner.js';
import { Screens } from '../../../src/screens/screens.js';
import type { OfferedKey } from '../../../src/session/caller.js';
import { SystemClock } from '../../../src/session/clock.js';
import type { SessionIO } from '../../../src/session/io.js';
import { LocalBus } from '../../../src/session/live.js';
import { Runner } from '../../../src/session/runner.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite-store.js';
import type { User } from '../../../src/store/types.js';
import { FakeCaller } from '../../helpers/fake-caller.js';

let store: SqliteStore;
let runner: Runner;
let deps: FlowDeps;
/** What the scripted conversation does after the caller is known: set per test. */
let script: (io: SessionIO, user: User) => Promise<void> = () => Promise.resolve();

before(async () => {
  store = openSqliteStore(':memory:');
  const art = await ArtLibrary.load([DEFAULT_ART], REQUIRED_SCREENS);
  const screens = new Screens(art, { board: 'Test BBS', sysop: 'sysop', banner: makeBanner('Test BBS', 'Standard') });
  deps = {
    store,
    log: silentLogger,
    loginGuard: new LoginGuard(),
    throttle: new LocalThrottle(),
    live: new LocalBus(),
    roster: { online: () => Promise.resolve([]), count: () => Promise.resolve(0) },
    board: { name: 'Test BBS', motd: 'news' },
    limits: { messageLines: 50, lineLength: 200, minPasswordLength: 6, ...NO_QUOTAS },
  };
  runner = new Runner({
    conversation: async (io) => {
      const user = (await store.users.findById(io.session.user!.id))!;
      await script(io, user);
      io.print('DONE');
    },
    screens,
    clock: new SystemClock(),
    log: silentLogger,
    idleTimeoutMs: 10_000,
    loginGraceMs: 10_000,
  });
});
after(async () => {
  await runner.shutdown(200);
  await store.close();
});

let n = 0;
async function newUser(): Promise<User> {
  const created = await store.users.create(`Keyholder${++n}`, 'key-pass');
  assert.ok(created.ok);
  return created.user;
}

function offered(seed: number): OfferedKey {
  const blob = Buffer.from(`key blob ${seed}`);
  return { algo: 'ssh-ed25519', fingerprint: `SHA256:fake${seed}`, blob: blob.toString('base64') };
}

function dial(user: User, offeredKey?: OfferedKey): FakeCaller {
  return FakeCaller.dial(runner, { preauthenticated: { id: user.id, name: user.name, level: user.level }, ...(offeredKey ? { offeredKey } : {}) });
}

test('saying yes to the offer links the key the client offered to the caller', async () => {
  const user = await newUser();
  script = (io, u) => offerKeyLink(io, deps, u);
  const key = offered(1);
  const c = dial(user, key);
  const prompt = await c.expect('Link this key to your account', 'prompt');
  assert.ok('text' in prompt && prompt.text.includes(key.fingerprint));
  assert.equal(prompt.type === 'prompt' && prompt.mode, 'key');
  c.send('y');
  await c.expect('Key linked');
  await c.expect('DONE');
  const keys = await store.sshKeys.listForUser(user.id);
  assert.deepEqual(keys.map((k) => [k.fingerprint, k.algo, k.keyBlob.toString()]), [[key.fingerprint, 'ssh-ed25519', 'key blob 1']]);
});

test('anything but yes links nothing, and no offer is made without an offered key', async () => {
  const user = await newUser();
  script = (io, u) => offerKeyLink(io, deps, u);
  const c = dial(user, offered(2));
  await c.answer('Link this key', 'n');
  await c.expect('Not linked');
  await c.expect('DONE');
  const quiet = dial(user);
  await quiet.expect('DONE');
  assert.doesNotMatch(quiet.text(), /Link this key/);
  assert.deepEqual(await store.sshKeys.listForUser(user.id), []);
});

test('a key someone else linked meanwhile is not offered, and is never moved', async () => {
  const owner = await newUser();
  const other = await newUser();
  const key = offered(3);
  await store.sshKeys.add({ userId: owner.id, algo: key.algo, fingerprint: key.fingerprint, keyBlob: Buffer.from(key.blob, 'base64'), at: new Date() });
  script = (io, u) => offerKeyLink(io, deps, u);
  const c = dial(other, key);
  await c.expect('DONE');
  assert.doesNotMatch(c.text(), /Link this key/);
  assert.equal((await store.sshKeys.findByFingerprint(key.fingerprint))?.userId, owner.id);
});

test('manage keys lists them with fingerprint, comment and date, and removes one by number after a yes', async () => {
  const user = await newUser();
  for (const i of [10, 11]) {
    const k = offered(i);
    await store.sshKeys.add({ userId: user.id, algo: k.algo, fingerprint: k.fingerprint, keyBlob: Buffer.from(k.blob, 'base64'), comment: `laptop ${i}`, at: new Date('2024-03-04T05:06:00Z') });
  }
  script = (io, u) => manageKeys(io, deps, u);
  const c = dial(user);
  await c.expect('Your SSH keys (2)');
  await c.expect(/\[ 1\] SHA256:fake10\s+ssh-ed25519 · laptop 10 · added 2024-03-04 05:06 UTC/);
  await c.expect(/\[ 2\] SHA256:fake11/);
  await c.answer('Number of the key to remove', '7');
  await c.expect("There is no key number '7'");
  await c.answer('Number of the key to remove', '1');
  await c.answer('Remove key SHA256:fake10?', 'n');
  await c.answer('Number of the key to remove', '1');
  await c.answer('Remove key SHA256:fake10?', 'y');
  await c.expect('Key removed');
  await c.expect('Your SSH keys (1)');
  await c.answer('Number of the key to remove', '');
  await c.expect('DONE');
  assert.deepEqual((await store.sshKeys.listForUser(user.id)).map((k) => k.fingerprint), ['SHA256:fake11']);
});

test('manage keys with no keys says how to get one', async () => {
  const user = await newUser();
  script = (io, u) => manageKeys(io, deps, u);
  const c = dial(user);
  await c.expect('No SSH keys are linked to your account');
  await c.expect('DONE');
});
