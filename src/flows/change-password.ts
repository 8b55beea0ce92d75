import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { PASSWORD_MAX } from './login.js';
import { plural } from './format.js';

/** A new password, only for whoever knows the old one: a caller who walked away from a logged-in terminal cannot lock its owner out. */
export async function changePassword(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('password', 'changing their password');
  const old = await io.prompt('ask_old_password', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (!old) return;
  const remote = io.session.remote;
  const wait = deps.loginGuard.delayFor(remote);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    io.screen('login_slowdown', { seconds, wait: plural(seconds, 'second') });
    await io.pause(wait);
  }
  if (!(await deps.store.users.verifyPassword(user.name, old))) {
    deps.loginGuard.failed(remote);
    deps.log.warn('wrong old password at password change', { user: user.name, remote });
    io.screen('password_wrong');
    return;
  }
  deps.loginGuard.succeeded(remote);
  const password = await io.prompt('ask_new_password', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (!password) return;
  if ([...password].length < deps.limits.minPasswordLength) {
    io.screen('password_short', { min: deps.limits.minPasswordLength });
    return;
  }
  const again = await io.prompt('ask_password_again', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (again !== password) {
    io.screen('password_mismatch');
    return;
  }
  await deps.store.users.setPassword(user.id, password);
  deps.log.info('password changed', { user: user.name });
  io.screen('password_changed');
}
