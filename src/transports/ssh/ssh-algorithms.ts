import type { Algorithms } from 'ssh2';

/**
 * What the board negotiates: modern key exchange only (curve25519 and the
 * NIST ECDH curves; no finite-field Diffie-Hellman, no SHA-1), host key
 * signatures by ed25519 or RSA with SHA-2, SHA-2 MACs. Every OpenSSH since
 * 7.x, PuTTY and SyncTERM speak these.
 */
export const SSH_ALGORITHMS: Algorithms = {
  kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521'],
  serverHostKey: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
};
