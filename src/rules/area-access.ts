import type { AreaSetting } from '../config/settings.js';
import type { SecurityLevel } from '../store/types.js';
import { atLeast } from './levels.js';

/**
 * Who may read and post in a message area, for the readers that also serve
 * guests (the newsreader port, the web reader): an account by its level, a
 * guest (null) only the areas whose read level is the lowest (`new`, which
 * every account has), and a guest never posts.
 */
export function guestOrLevelMayRead(reader: { level: SecurityLevel } | null, area: AreaSetting): boolean {
  return reader === null ? area.read === 'new' : atLeast(reader.level, area.read);
}

export function guestOrLevelMayPost(reader: { level: SecurityLevel } | null, area: AreaSetting): boolean {
  return reader !== null && atLeast(reader.level, area.post);
}
