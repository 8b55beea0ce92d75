import type { QueueWait } from '../../store/hash-queue.js';
import type { Store, SshKey, User } from '../../store/types.js';

/**
 * The three questions SSH authentication asks of the board's accounts, and
 * nothing more: an SSH connection can prove who it is, but never create,
 * change or ban an account, and this port cannot.
 */
export interface SshAccounts {
  /** The account when `password` is its password; null for a wrong one or no such account. `wait`: its place in the board's line of password checks. */
  verifyPassword(name: string, password: string, wait?: QueueWait): Promise<User | null>;
  /** The account of this name, or null. */
  findByName(name: string): Promise<User | null>;
  /** The key linked under this fingerprint and whose it is, or null when nobody has linked it. */
  findKey(fingerprint: string): Promise<Pick<SshKey, 'userId' | 'keyBlob'> | null>;
}

/** The board's store as SSH sees it. */
export function sshAccountsOf(store: Pick<Store, 'users' | 'sshKeys'>): SshAccounts {
  return {
    verifyPassword: (name, password, wait) => store.users.verifyPassword(name, password, wait),
    findByName: (name) => store.users.findByName(name),
    findKey: (fingerprint) => store.sshKeys.findByFingerprint(fingerprint),
  };
}
