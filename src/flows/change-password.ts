import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { PASSWORD_MAX } from './login.js';
import { awaitPasswordTurn } from './password-turn.js';

/** A new password, only for whoever knows the old one: a caller who walked away from a logged-in terminal cannot lock its owner out. */
export async function changePassword(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  io.enter('password', 'changing their password');
  const old = await io.prompt('ask_old_password', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (!old) return;
  const remote = io.session.remote;
  const turn = await awaitPasswordTurn(io, deps, user.name);
  if (!turn.ok) {
    io.screen('password_try_later', { seconds: turn.seconds });
    return;
  }
  if (!(await deps.store.users.verifyPassword(user.name, old))) {
    deps.log.warn('wrong old password at password change', { user: user.name, remote, failures: turn.failures });
    io.screen('password_wrong');
    return;
  }
  deps.loginGuard.succeeded(user.name, remote);
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
