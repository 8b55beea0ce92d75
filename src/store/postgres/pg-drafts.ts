import type { Draft } from '../../session/draft.js';
import { draftFromJson, draftToJson } from '../draft-json.js';
import type { DraftRepository } from '../types/drafts.js';
import type { PgDatabase } from './pg-database.js';

/** One unfinished message per account, as JSON text. */
export class PgDraftRepository implements DraftRepository {
  constructor(private readonly db: PgDatabase) {}

  async keep(userId: number, draft: Draft, at: Date): Promise<void> {
    const json = draftToJson(draft);
    if (json === null) return;
    await this.db.run(
      `INSERT INTO drafts (user_id, draft, saved_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at`,
      [userId, json, at.getTime()],
    );
  }

  async take(userId: number): Promise<Draft | null> {
    // Read and removed in one statement: when two hosts offer the caller's
    // draft at once, exactly one of them gets it.
    const row = await this.db.one<{ draft: string }>('DELETE FROM drafts WHERE user_id = $1 RETURNING draft', [userId]);
    return row ? draftFromJson(row.draft) : null;
  }
}
