import { nameKey } from '../store/name-key.js';
import type { SecurityLevel, SysopClaim } from '../store/types.js';

/**
 * Security levels. A new account is 'new'; it becomes 'member' on its second
 * call or with its first public message, whichever comes first (someone who
 * came back, or said something, is part of the board). The first account on
 * a board, or the one the config names as sysop, is the sysop; the config
 * names it only while the board has no sysop, so registering that name later
 * makes nobody a second one.
 */

const RANK: Record<SecurityLevel, number> = { new: 0, member: 1, sysop: 2 };

export function atLeast(level: SecurityLevel, min: SecurityLevel): boolean {
  return RANK[level] >= RANK[min];
}

export const isSysop = (user: { level: SecurityLevel }): boolean => user.level === 'sysop';

/** Calls after which a new user is a member. */
export const MEMBER_AFTER_CALLS = 2;

/**
 * How a new account may become the sysop: the account the config names
 * takes the seat while it is empty (and is refused once it is not); any
 * other only as the board's very first account. The store settles it in the
 * transaction that makes the account, so two registrations at once never
 * both become sysop.
 */
export function sysopClaimFor(name: string, sysopName: string | undefined): SysopClaim {
  return sysopName !== undefined && nameKey(sysopName) === nameKey(name) ? 'configured' : 'first';
}
