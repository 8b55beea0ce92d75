/** SSH public keys that log an account in. */

export interface SshKey {
  id: number;
  userId: number;
  /** Key type as OpenSSH names it, e.g. "ssh-ed25519". */
  algo: string;
  /** Unique across the board: one key logs in one user. */
  fingerprint: string;
  keyBlob: Buffer;
  comment: string | null;
  createdAt: Date;
}

export interface NewSshKey {
  userId: number;
  algo: string;
  fingerprint: string;
  keyBlob: Uint8Array;
  comment?: string | null;
  at: Date;
}

export type AddSshKeyResult = { ok: true; key: SshKey } | { ok: false; reason: 'taken' };

export interface SshKeyRepository {
  add(key: NewSshKey): Promise<AddSshKeyResult>;
  /** Oldest first. */
  listForUser(userId: number): Promise<SshKey[]>;
  findByFingerprint(fingerprint: string): Promise<SshKey | null>;
  /** False if the key does not exist or belongs to someone else. */
  remove(userId: number, keyId: number): Promise<boolean>;
}
