import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { generateEd25519, HOST_KEY_FILES, loadOrCreateHostKeys } from '../../../../src/transports/ssh/host-keys.js';
import { keygenFingerprint, SSH_INSTALL, SSH_KEYGEN } from '../../../helpers/ssh-client.js';
import { requireTool } from '../../../helpers/tools.js';

async function withDataDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-hostkeys-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('host keys are made on first start, private to the board, and reused on every later start', { timeout: 30_000 }, async () => {
  await withDataDir(async (data) => {
    const first = await loadOrCreateHostKeys(data);
    const fingerprints = first.fingerprints();
    assert.deepEqual(Object.keys(fingerprints).sort(), ['ed25519', 'rsa']);
    for (const fp of Object.values(fingerprints)) assert.match(fp, /^SHA256:[A-Za-z0-9+/]{43}$/);

    assert.equal((await stat(join(data, 'ssh'))).mode & 0o777, 0o700);
    for (const file of Object.values(HOST_KEY_FILES)) assert.equal((await stat(join(data, 'ssh', file))).mode & 0o777, 0o600, file);

    const second = await loadOrCreateHostKeys(data);
    assert.deepEqual(second.fingerprints(), fingerprints, 'the same keys after a restart');
  });
});

test('the formats ssh2 accepts: ed25519 in OpenSSH format, RSA 3072 as PKCS#1 PEM', { timeout: 30_000 }, async () => {
  await withDataDir(async (data) => {
    const keys = await loadOrCreateHostKeys(data);
    const ed = await readFile(join(data, 'ssh', HOST_KEY_FILES.ed25519), 'utf8');
    const rsa = await readFile(join(data, 'ssh', HOST_KEY_FILES.rsa), 'utf8');
    assert.match(ed, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
    assert.match(rsa, /^-----BEGIN RSA PRIVATE KEY-----/);
    const parsedRsa = ssh2.utils.parseKey(rsa) as ParsedKey;
    // The modulus length sits in the SSH public blob: e (3 bytes) then n; 3072 bits is 384 bytes (+1 sign byte).
    const blob = parsedRsa.getPublicSSH();
    const eLen = blob.readUInt32BE(4 + 7);
    assert.equal(blob.readUInt32BE(4 + 7 + 4 + eLen), 385);
    // ssh2's own server takes them as they are.
    assert.doesNotThrow(() => new ssh2.Server({ hostKeys: keys.keys.map((k) => k.privateKey) }));
  });
});

test('ssh-keygen reads the key files and prints the same fingerprints', { timeout: 30_000 }, async (t) => {
  if (!requireTool(t, SSH_KEYGEN(), 'ssh-keygen', SSH_INSTALL)) return;
  await withDataDir(async (data) => {
    const keys = await loadOrCreateHostKeys(data);
    for (const key of keys.keys) {
      assert.equal(await keygenFingerprint(key.path), key.fingerprint, key.type);
    }
  });
});

test('two boards starting at once on a fresh folder agree on one key', { timeout: 30_000 }, async () => {
  await withDataDir(async (data) => {
    const [a, b] = await Promise.all([loadOrCreateHostKeys(data), loadOrCreateHostKeys(data)]);
    assert.deepEqual(a.fingerprints(), b.fingerprints());
  });
});

test('a loose mode is tightened, and an unreadable key is a clear start-up error', { timeout: 30_000 }, async () => {
  await withDataDir(async (data) => {
    const keys = await loadOrCreateHostKeys(data);
    const ed = join(data, 'ssh', HOST_KEY_FILES.ed25519);
    await chmod(ed, 0o644);
    assert.deepEqual((await loadOrCreateHostKeys(data)).fingerprints(), keys.fingerprints());
    assert.equal((await stat(ed)).mode & 0o777, 0o600);
    await writeFile(ed, 'not a key');
    await assert.rejects(loadOrCreateHostKeys(data), /ssh_host_ed25519_key cannot be read/);
  });
});

test('ed25519 keys are always readable, though ssh2 1.17 garbles one in 256', { timeout: 30_000 }, (t) => {
  let garbled = 0;
  for (let i = 0; i < 2000; i++) {
    if (ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').private) instanceof Error) garbled++;
    const key = ssh2.utils.parseKey(generateEd25519());
    assert.ok(!(key instanceof Error), 'a generated host key reads back');
    assert.equal(key.getPublicSSH().length, 51);
  }
  // Chance, so not asserted; it shows the flaw the check guards against is real.
  t.diagnostic(`ssh2 garbled ${garbled} of 2000 ed25519 keys`);
});
