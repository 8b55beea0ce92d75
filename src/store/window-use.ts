import type { WindowUse } from './types/quotas.js';

/**
 * A window's use from its count and the time of the row that must age out
 * for room: with `count` rows and room for `limit`, the (count - limit + 1)th
 * oldest. That row's time is `at` (as both engines read it, in milliseconds);
 * when it is gone (deleted between the two reads), the window's start.
 */
export function windowUseOf(count: number, limit: number, since: Date, at: number | null | undefined): WindowUse {
  if (count < limit) return { count, roomAfter: null };
  return { count, roomAfter: at === null || at === undefined ? since : new Date(at) };
}

/** Which row, by age from the oldest in the window, must age out to leave room under `limit`. */
export function agingOffset(count: number, limit: number): number {
  return Math.max(count - limit, 0);
}
