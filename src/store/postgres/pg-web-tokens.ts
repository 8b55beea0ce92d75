import type { WebTokenRepository } from '../types/web-tokens.js';
import type { PgDatabase } from './pg-database.js';

/** Spent web tokens in PostgreSQL, shared by every host: the primary key decides who spent a token first. */
export class PgWebTokenRepository implements WebTokenRepository {
  constructor(private readonly db: PgDatabase) {}

  async spend(tokenId: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.db.run('DELETE FROM web_tokens_spent WHERE expires_at <= $1', [now.getTime()]);
    const kept = await this.db.one<{ token_id: string }>(
      'INSERT INTO web_tokens_spent (token_id, expires_at) VALUES ($1, $2) ON CONFLICT (token_id) DO NOTHING RETURNING token_id',
      [tokenId, expiresAt.getTime()],
    );
    return kept !== undefined;
  }

  async isSpent(tokenId: string): Promise<boolean> {
    return (await this.db.one<{ one: number }>('SELECT 1 AS one FROM web_tokens_spent WHERE token_id = $1', [tokenId])) !== undefined;
  }
}
