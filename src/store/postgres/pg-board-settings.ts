import type { BoardSettingsRepository } from '../types/board-settings.js';
import type { PgDatabase } from './pg-database.js';

/** How often setIfAbsent looks again when the key it found was removed before it could read it. */
const ABSENT_RETRIES = 5;

export class PgBoardSettingsRepository implements BoardSettingsRepository {
  constructor(private readonly db: PgDatabase) {}

  async get(key: string): Promise<string | null> {
    return (await this.db.one<{ value: string }>('SELECT value FROM board_settings WHERE key = $1', [key]))?.value ?? null;
  }

  async set(key: string, value: string | null): Promise<void> {
    if (value === null) await this.db.run('DELETE FROM board_settings WHERE key = $1', [key]);
    else await this.db.run('INSERT INTO board_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  /**
   * Two statements, not one: an insert that met another host's row waits
   * for its commit and does nothing, and only a statement started after
   * that (with a fresh snapshot) can read the value that host kept.
   */
  async setIfAbsent(key: string, value: string): Promise<string> {
    for (let attempt = 1; attempt <= ABSENT_RETRIES; attempt++) {
      await this.db.run('INSERT INTO board_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
      const kept = await this.get(key);
      if (kept !== null) return kept;
    }
    throw new Error(`board setting ${key} was removed as often as it was set`);
  }
}
