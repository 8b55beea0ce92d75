import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { isUniqueViolation } from './is-unique-violation.js';
import { SSH_KEY_COLUMNS as COLUMNS, keyBlobBuffer, toSshKey as toKey, type SshKeyRow } from './ssh-key-rows.js';
import type { AddSshKeyResult, NewSshKey, SshKey, SshKeyRepository } from './types/ssh-keys.js';

export class SqliteSshKeyRepository implements SshKeyRepository {
  private readonly insert: Statement<[number, string, string, Buffer, string | null, number], SshKeyRow>;
  private readonly forUser: Statement<[number], SshKeyRow>;
  private readonly byFingerprint: Statement<[string], SshKeyRow>;
  private readonly deleteOwn: Statement<[number, number]>;

  constructor(db: Database) {
    this.insert = db.prepare(
      `INSERT INTO ssh_keys (user_id, algo, fingerprint, key_blob, comment, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    );
    this.forUser = db.prepare(`SELECT ${COLUMNS} FROM ssh_keys WHERE user_id = ? ORDER BY id`);
    this.byFingerprint = db.prepare(`SELECT ${COLUMNS} FROM ssh_keys WHERE fingerprint = ?`);
    this.deleteOwn = db.prepare('DELETE FROM ssh_keys WHERE id = ? AND user_id = ?');
  }

  add(key: NewSshKey): Promise<AddSshKeyResult> {
    return asPromise((): AddSshKeyResult => {
      try {
        const row = this.insert.get(key.userId, key.algo, key.fingerprint, keyBlobBuffer(key.keyBlob), key.comment ?? null, key.at.getTime());
        if (!row) throw new Error('ssh key insert returned no row');
        return { ok: true, key: toKey(row) };
      } catch (err) {
        if (isUniqueViolation(err)) return { ok: false, reason: 'taken' };
        throw err;
      }
    });
  }

  listForUser(userId: number): Promise<SshKey[]> {
    return asPromise(() => this.forUser.all(userId).map(toKey));
  }

  findByFingerprint(fingerprint: string): Promise<SshKey | null> {
    return asPromise(() => {
      const row = this.byFingerprint.get(fingerprint);
      return row ? toKey(row) : null;
    });
  }

  remove(userId: number, keyId: number): Promise<boolean> {
    return asPromise(() => this.deleteOwn.run(keyId, userId).changes > 0);
  }
}
