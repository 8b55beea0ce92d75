import { createHash } from 'node:crypto';

/**
 * A public key's fingerprint exactly as OpenSSH prints it (`ssh-keygen -l`,
 * the "Server host key" line): SHA-256 of the wire-format key blob, base64
 * without padding, prefixed "SHA256:". Users compare these by eye, so the
 * board must print the same string their client does.
 */
export function sshFingerprint(blob: Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}
