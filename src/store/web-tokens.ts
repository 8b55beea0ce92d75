import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { WebTokenRepository } from './types/web-tokens.js';

/** Spent web tokens in the SQLite file: the primary key decides who spent a token first. */
export class SqliteWebTokenRepository implements WebTokenRepository {
  private readonly insert: Statement<[string, number]>;
  private readonly prune: Statement<[number]>;
  private readonly find: Statement<[string], { one: number }>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO web_tokens_spent (token_id, expires_at) VALUES (?, ?) ON CONFLICT (token_id) DO NOTHING');
    this.prune = db.prepare('DELETE FROM web_tokens_spent WHERE expires_at <= ?');
    this.find = db.prepare('SELECT 1 AS one FROM web_tokens_spent WHERE token_id = ?');
  }

  spend(tokenId: string, expiresAt: Date, now: Date): Promise<boolean> {
    return asPromise(() => {
      this.prune.run(now.getTime());
      return this.insert.run(tokenId, expiresAt.getTime()).changes === 1;
    });
  }

  isSpent(tokenId: string): Promise<boolean> {
    return asPromise(() => this.find.get(tokenId) !== undefined);
  }
}
