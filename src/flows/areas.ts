import { DEFAULT_AREAS, type AreaSetting } from '../config/settings.js';
import type { SecurityLevel } from '../store/types.js';
import type { AreaUnread } from '../store/types/area-reads.js';
import type { FlowDeps } from './deps.js';
import { atLeast } from '../rules/levels.js';

/** The message areas as the sysop configured them, in their order. */
export function boardAreas(deps: FlowDeps): readonly AreaSetting[] {
  return deps.areas && deps.areas.length > 0 ? deps.areas : DEFAULT_AREAS;
}

/** The first configured area: where the seed's menu entries 1 and 2 post and read. */
export function defaultArea(deps: FlowDeps): AreaSetting {
  return boardAreas(deps)[0]!;
}

export function findArea(deps: FlowDeps, name: string): AreaSetting | undefined {
  return boardAreas(deps).find((a) => a.name === name);
}

export const mayRead = (user: { level: SecurityLevel }, area: AreaSetting): boolean => atLeast(user.level, area.read);
export const mayPost = (user: { level: SecurityLevel }, area: AreaSetting): boolean => atLeast(user.level, area.post);

function readableAreas(deps: FlowDeps, user: { level: SecurityLevel }): AreaSetting[] {
  return boardAreas(deps).filter((a) => mayRead(user, a));
}

/** Unread counts for the areas this user may read, in configured order. */
export async function unreadByArea(deps: FlowDeps, user: { id: number; level: SecurityLevel }): Promise<Array<{ area: AreaSetting; unread: number; total: number }>> {
  const counts = new Map((await deps.store.areaReads.unreadCounts(user.id)).map((c) => [c.area, c]));
  return readableAreas(deps, user).map((area) => ({ area, unread: counts.get(area.name)?.unread ?? 0, total: counts.get(area.name)?.total ?? 0 }));
}

/**
 * The unread messages over every area this user may read: the main menu's
 * "new" figure, counted as unreadByArea counts them but with no list of areas
 * built for it, since the menu is drawn on every key press. `counts` is the
 * store's `areaReads.unreadCounts` for the user; a plain function, not one
 * more async frame and await on every key.
 */
export function unreadTotal(deps: FlowDeps, user: { level: SecurityLevel }, counts: readonly AreaUnread[]): number {
  let total = 0;
  for (const area of boardAreas(deps)) {
    if (!mayRead(user, area)) continue;
    // The last row for an area, as the Map in unreadByArea keeps it.
    for (let i = counts.length - 1; i >= 0; i--) {
      if (counts[i]!.area !== area.name) continue;
      total += counts[i]!.unread;
      break;
    }
  }
  return total;
}
