import type { AreaSetting } from '../config/settings.js';
import type { SecurityLevel } from '../store/types.js';
import { atLeast } from './levels.js';

/**
 * An area anyone may read without an account: its read level is the lowest
 * (`new`, which every account has). Guests on the news port and the web
 * reader, and feeds, which no one logs in to, see these areas and no others.
 */
export function isPublicArea(area: { read: SecurityLevel }): boolean {
  return area.read === 'new';
}

/**
 * Who may read and post in a message area, for the readers that also serve
 * guests (the newsreader port, the web reader): an account by its level, a
 * guest (null) only the public areas, and a guest never posts.
 */
export function guestOrLevelMayRead(reader: { level: SecurityLevel } | null, area: AreaSetting): boolean {
  return reader === null ? isPublicArea(area) : atLeast(reader.level, area.read);
}

export function guestOrLevelMayPost(reader: { level: SecurityLevel } | null, area: AreaSetting): boolean {
  return reader !== null && atLeast(reader.level, area.post);
}
