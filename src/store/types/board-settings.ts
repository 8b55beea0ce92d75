/** Board-wide values kept in the database. */

/** Board-wide values the sysop changes from the board itself (the MOTD), by key. */
export interface BoardSettingsRepository {
  get(key: string): Promise<string | null>;
  /** null removes the key, so the config file's value applies again. */
  set(key: string, value: string | null): Promise<void>;
  /** Store `value` unless the key has one already; the value kept either way. Two processes asking at once keep one value. */
  setIfAbsent(key: string, value: string): Promise<string>;
}
