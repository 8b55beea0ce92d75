import assert from 'node:assert/strict';
import { runCommand } from './podman.js';

/** The ed25519 host key an SSH port really presents, as ssh-keygen prints its fingerprint (ssh-keyscan, then ssh-keygen -lf). */
export async function presentedFingerprint(port: number): Promise<string> {
  const scan = await runCommand('ssh-keyscan', ['-t', 'ed25519', '-p', String(port), '127.0.0.1'], { timeoutMs: 15_000 });
  const printed = await runCommand('ssh-keygen', ['-lf', '-'], { input: scan.stdout, timeoutMs: 10_000 });
  const fp = /SHA256:\S+/.exec(printed.stdout)?.[0];
  assert.ok(fp, `no fingerprint in ${printed.stdout}${scan.stderr}`);
  return fp;
}
