import type { SessionIO } from '../session/io.js';
import { nameKey } from '../store/name-key.js';
import type { SecurityLevel, Store, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/**
 * Security levels. A new account is 'new'; it becomes 'member' on its second
 * call or with its first public message, whichever comes first (someone who
 * came back, or said something, is part of the board). The first account on
 * a board, or the one the config names as sysop, is the sysop.
 */

const RANK: Record<SecurityLevel, number> = { new: 0, member: 1, sysop: 2 };

export function atLeast(level: SecurityLevel, min: SecurityLevel): boolean {
  return RANK[level] >= RANK[min];
}

export const isSysop = (user: { level: SecurityLevel }): boolean => user.level === 'sysop';

/** Calls after which a new user is a member. */
export const MEMBER_AFTER_CALLS = 2;

/** Right after an account is made: the sysop's, if it is the first or the one the config names. */
export async function settleNewAccount(store: Store, user: User, sysopName: string | undefined): Promise<User> {
  const named = sysopName !== undefined && nameKey(sysopName) === nameKey(user.name);
  if (!named && (await store.users.count()) !== 1) return user;
  return store.users.setLevel(user.id, 'sysop');
}

/** Make a new user a member when due; tells the caller and their session. */
export async function promoteIfDue(io: SessionIO, deps: FlowDeps, user: User, reason: 'call' | 'post'): Promise<User> {
  if (user.level !== 'new') return user;
  if (reason === 'call' && user.calls < MEMBER_AFTER_CALLS) return user;
  const promoted = await deps.store.users.setLevel(user.id, 'member');
  io.login({ id: promoted.id, name: promoted.name, level: promoted.level });
  deps.log.info('user promoted', { user: user.name, level: 'member', reason });
  io.screen('promoted', { name: promoted.name });
  return promoted;
}
