import type { QuotaRepository } from '../store/types/quotas.js';
import type { User } from '../store/types.js';
import { isSysop } from './levels.js';

const HOUR = 3_600_000;

/** The writing quotas of the config (0: no limit). */
interface WriteLimits {
  postsPerHour: number;
  mailPerHour: number;
  /** KiB one account may have written in all. */
  storagePerUser: number;
}

/** Why a write is held back: the hourly count is reached (room again at `roomAt`), or the account's storage is used up. */
export type WriteHold = { kind: 'hourly'; count: number; limit: number; roomAt: Date } | { kind: 'storage'; usedBytes: number; capKiB: number; full: boolean };

/**
 * Whether `user` may write another post (or mail) at `now`: under the
 * hourly count and with storage left for `bytes` more (0 before the text
 * exists). Null when it may; the sysop has no quota. Every wire asks this
 * one rule, so a post by newsreader counts as a post on the terminal.
 */
export async function writeHold(quotas: QuotaRepository, limits: WriteLimits, user: User, kind: 'post' | 'mail', bytes: number, now: Date): Promise<WriteHold | null> {
  if (isSysop(user)) return null;
  const limit = kind === 'post' ? limits.postsPerHour : limits.mailPerHour;
  if (limit > 0) {
    const since = new Date(now.getTime() - HOUR);
    const use = kind === 'post' ? await quotas.postsBy(user.id, since, limit) : await quotas.mailBy(user.id, since, limit);
    if (use.roomAfter) return { kind: 'hourly', count: use.count, limit, roomAt: new Date(use.roomAfter.getTime() + HOUR) };
  }
  const capKiB = limits.storagePerUser;
  if (capKiB > 0) {
    const used = await quotas.bytesWritten(user.id);
    // Before typing, "full" means not one byte more fits.
    if (used + Math.max(bytes, 1) > capKiB * 1024) return { kind: 'storage', usedBytes: used, capKiB, full: !(bytes > 0 && used < capKiB * 1024) };
  }
  return null;
}
