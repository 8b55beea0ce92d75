import type { UserSettings } from './types/user-settings.js';

/** A user's saved settings text as an object, on either engine; {} for none. */
export function parseUserSettings(json: string | undefined): UserSettings {
  if (json === undefined) return {};
  const value: unknown = JSON.parse(json);
  // The column's CHECK keeps it an object; this guards a hand-edited file.
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as UserSettings) : {};
}
