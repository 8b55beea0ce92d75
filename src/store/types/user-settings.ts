/** Each account's own preferences, as JSON. */

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type UserSettings = { [key: string]: JsonValue };

export interface UserSettingsRepository {
  /** {} for a user who never saved any. */
  get(userId: number): Promise<UserSettings>;
  /** Replaces all of the user's settings. */
  set(userId: number, settings: UserSettings): Promise<void>;
  /** Merges `patch` over the saved settings (a null value is kept as null) and returns the result. */
  update(userId: number, patch: UserSettings): Promise<UserSettings>;
}
