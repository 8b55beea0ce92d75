import type { SshKey } from './types/ssh-keys.js';

/** The columns both engines read for an SSH key, and how a row becomes an SshKey. */

export const SSH_KEY_COLUMNS = 'id, user_id, algo, fingerprint, key_blob, comment, created_at';

export interface SshKeyRow {
  id: number;
  user_id: number;
  algo: string;
  fingerprint: string;
  /** A BLOB from SQLite, a BYTEA from PostgreSQL: a Buffer from both drivers. */
  key_blob: Buffer;
  comment: string | null;
  created_at: number;
}

export function toSshKey(row: SshKeyRow): SshKey {
  return {
    id: row.id,
    userId: row.user_id,
    algo: row.algo,
    fingerprint: row.fingerprint,
    keyBlob: row.key_blob,
    comment: row.comment,
    createdAt: new Date(row.created_at),
  };
}

/** The caller's bytes as a Buffer over the same memory: what both drivers bind as a blob. */
export function keyBlobBuffer(blob: Uint8Array): Buffer {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
}
