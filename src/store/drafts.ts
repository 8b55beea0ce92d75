import type { Database, Statement } from 'better-sqlite3';
import type { Draft } from '../session/draft.js';
import { asPromise } from './as-promise.js';
import { draftFromJson, draftToJson } from './draft-json.js';
import type { DraftRepository } from './types/drafts.js';

/** One unfinished message per account, as JSON: read back through the same checks as a draft from another process. */
export class SqliteDraftRepository implements DraftRepository {
  private readonly put: Statement<[number, string, number]>;
  private readonly get: Statement<[number], { draft: string }>;
  private readonly drop: Statement<[number]>;

  constructor(private readonly db: Database) {
    this.put = db.prepare('INSERT INTO drafts (user_id, draft, saved_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET draft = excluded.draft, saved_at = excluded.saved_at');
    this.get = db.prepare('SELECT draft FROM drafts WHERE user_id = ?');
    this.drop = db.prepare('DELETE FROM drafts WHERE user_id = ?');
  }

  keep(userId: number, draft: Draft, at: Date): Promise<void> {
    return asPromise(() => {
      const json = draftToJson(draft);
      if (json !== null) this.put.run(userId, json, at.getTime());
    });
  }

  take(userId: number): Promise<Draft | null> {
    return asPromise(() =>
      this.db.transaction(() => {
        const row = this.get.get(userId);
        if (!row) return null;
        this.drop.run(userId);
        return draftFromJson(row.draft);
      })(),
    );
  }
}
