import type { UserSettings, UserSettingsRepository } from '../types/user-settings.js';
import { parseUserSettings } from '../user-settings-json.js';
import type { PgDatabase } from './pg-database.js';

/**
 * Each account's settings on PostgreSQL. `update` merges in the database
 * (jsonb `||`: the patch's keys over the saved ones, top level only, as the
 * SQLite repository's object spread does), in one upsert, so two hosts
 * patching one user at once both land and neither reads a stale copy.
 */
export class PgUserSettingsRepository implements UserSettingsRepository {
  constructor(private readonly db: PgDatabase) {}

  async get(userId: number): Promise<UserSettings> {
    return parseUserSettings((await this.db.one<{ json: string }>('SELECT json FROM user_settings WHERE user_id = $1', [userId]))?.json);
  }

  async set(userId: number, settings: UserSettings): Promise<void> {
    await this.db.run(
      'INSERT INTO user_settings (user_id, json) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json',
      [userId, JSON.stringify(settings)],
    );
  }

  async update(userId: number, patch: UserSettings): Promise<UserSettings> {
    const row = await this.db.one<{ json: string }>(
      `INSERT INTO user_settings (user_id, json) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET json = (user_settings.json::jsonb || excluded.json::jsonb)::text
       RETURNING json`,
      [userId, JSON.stringify(patch)],
    );
    return parseUserSettings(row?.json);
  }
}
