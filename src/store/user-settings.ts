import type { Database, Statement, Transaction } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { UserSettings, UserSettingsRepository } from './types/user-settings.js';
import { parseUserSettings as parse } from './user-settings-json.js';

export class SqliteUserSettingsRepository implements UserSettingsRepository {
  private readonly read: Statement<[number], { json: string }>;
  private readonly write: Statement<[number, string]>;
  private readonly merge: Transaction<(userId: number, patch: UserSettings) => UserSettings>;

  constructor(db: Database) {
    this.read = db.prepare('SELECT json FROM user_settings WHERE user_id = ?');
    this.write = db.prepare(
      'INSERT INTO user_settings (user_id, json) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json',
    );
    this.merge = db.transaction((userId: number, patch: UserSettings) => {
      const merged = { ...parse(this.read.get(userId)?.json), ...patch };
      this.write.run(userId, JSON.stringify(merged));
      return merged;
    });
  }

  get(userId: number): Promise<UserSettings> {
    return asPromise(() => parse(this.read.get(userId)?.json));
  }

  set(userId: number, settings: UserSettings): Promise<void> {
    return asPromise(() => {
      this.write.run(userId, JSON.stringify(settings));
    });
  }

  update(userId: number, patch: UserSettings): Promise<UserSettings> {
    // IMMEDIATE: read-modify-write must not interleave with another process.
    return asPromise(() => this.merge.immediate(userId, patch));
  }
}
