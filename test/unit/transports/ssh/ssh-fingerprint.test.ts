import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshFingerprint } from '../../../../src/transports/ssh/fingerprint.js';
import { keygenFingerprint, SSH_INSTALL, SSH_KEYGEN, sshKeygen } from '../../../helpers/ssh-client.js';
import { requireTool } from '../../../helpers/tools.js';

test('fingerprints match what ssh-keygen -lf prints, for every key type', { timeout: 30_000 }, async (t) => {
  if (!requireTool(t, SSH_KEYGEN(), 'ssh-keygen', SSH_INSTALL)) return;
  const dir = await mkdtemp(join(tmpdir(), 'bbs-fp-'));
  try {
    for (const [type, bits] of [['ed25519', null], ['rsa', '2048'], ['ecdsa', '256'], ['ecdsa', '521']] as const) {
      const path = join(dir, `${type}-${bits ?? 'x'}`);
      await sshKeygen(['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-f', path]);
      const expected = await keygenFingerprint(`${path}.pub`);
      const blob = Buffer.from((await readFile(`${path}.pub`, 'utf8')).split(' ')[1]!, 'base64');
      assert.equal(sshFingerprint(blob), expected, `${type} ${bits ?? ''}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the fingerprint is unpadded base64 of SHA-256 with the SHA256: prefix', () => {
  // SHA-256 of the empty string, as OpenSSH would print it.
  assert.equal(sshFingerprint(new Uint8Array(0)), 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
  assert.doesNotMatch(sshFingerprint(Buffer.from('any key')), /=/);
});
