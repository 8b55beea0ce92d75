import type { SecurityLevel } from '../store/types.js';

/**
 * An area anyone may read without an account: its read level is the lowest
 * (`new`, which every account has). Guests on the news port, and feeds,
 * which no one logs in to, see these areas and no others.
 */
export function isPublicArea(area: { read: SecurityLevel }): boolean {
  return area.read === 'new';
}
