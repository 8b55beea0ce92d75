import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { BoardSettingsRepository } from './types/board-settings.js';

export class SqliteBoardSettingsRepository implements BoardSettingsRepository {
  private readonly read: Statement<[string], { value: string }>;
  private readonly write: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly insertNew: Statement<[string, string]>;

  constructor(db: Database) {
    this.read = db.prepare('SELECT value FROM board_settings WHERE key = ?');
    this.write = db.prepare('INSERT INTO board_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM board_settings WHERE key = ?');
    this.insertNew = db.prepare('INSERT INTO board_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  }

  get(key: string): Promise<string | null> {
    return asPromise(() => this.read.get(key)?.value ?? null);
  }

  set(key: string, value: string | null): Promise<void> {
    return asPromise(() => {
      if (value === null) this.remove.run(key);
      else this.write.run(key, value);
    });
  }

  setIfAbsent(key: string, value: string): Promise<string> {
    return asPromise(() => {
      this.insertNew.run(key, value);
      return this.read.get(key)!.value;
    });
  }
}
