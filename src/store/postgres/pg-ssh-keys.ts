import { SSH_KEY_COLUMNS as COLUMNS, keyBlobBuffer, toSshKey, type SshKeyRow } from '../ssh-key-rows.js';
import type { AddSshKeyResult, NewSshKey, SshKey, SshKeyRepository } from '../types/ssh-keys.js';
import { isPgUniqueViolation, type PgDatabase } from './pg-database.js';

/** SSH keys on PostgreSQL: key_blob is BYTEA, a Buffer both ways; the fingerprint's UNIQUE index decides two hosts adding one key. */
export class PgSshKeyRepository implements SshKeyRepository {
  constructor(private readonly db: PgDatabase) {}

  async add(key: NewSshKey): Promise<AddSshKeyResult> {
    try {
      const row = await this.db.one<SshKeyRow>(
        `INSERT INTO ssh_keys (user_id, algo, fingerprint, key_blob, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [key.userId, key.algo, key.fingerprint, keyBlobBuffer(key.keyBlob), key.comment ?? null, key.at.getTime()],
      );
      if (!row) throw new Error('ssh key insert returned no row');
      return { ok: true, key: toSshKey(row) };
    } catch (err) {
      if (isPgUniqueViolation(err)) return { ok: false, reason: 'taken' };
      throw err;
    }
  }

  async listForUser(userId: number): Promise<SshKey[]> {
    return (await this.db.rows<SshKeyRow>(`SELECT ${COLUMNS} FROM ssh_keys WHERE user_id = $1 ORDER BY id`, [userId])).map(toSshKey);
  }

  async findByFingerprint(fingerprint: string): Promise<SshKey | null> {
    const row = await this.db.one<SshKeyRow>(`SELECT ${COLUMNS} FROM ssh_keys WHERE fingerprint = $1`, [fingerprint]);
    return row ? toSshKey(row) : null;
  }

  async remove(userId: number, keyId: number): Promise<boolean> {
    return (await this.db.run('DELETE FROM ssh_keys WHERE id = $1 AND user_id = $2', [keyId, userId])) > 0;
  }
}
