import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { MEMBER_AFTER_CALLS } from '../rules/levels.js';

/**
 * Make a new user a member when due; tells the caller and their session.
 * When it is due is the levels rule's; this is the part that talks to the caller.
 */
export async function promoteIfDue(io: SessionIO, deps: FlowDeps, user: User, reason: 'call' | 'post'): Promise<User> {
  if (user.level !== 'new') return user;
  if (reason === 'call' && user.calls < MEMBER_AFTER_CALLS) return user;
  const promoted = await deps.store.users.setLevel(user.id, 'member');
  io.login({ id: promoted.id, name: promoted.name, level: promoted.level });
  deps.log.info('user promoted', { user: user.name, level: 'member', reason });
  io.screen('promoted', { name: promoted.name });
  return promoted;
}
