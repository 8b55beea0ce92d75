import type { SessionIO } from '../session/io.js';
import type { OpeningPrompt } from '../session/runner.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { promoteIfDue } from './promotion.js';
import { NAME_MAX, vetNewName } from '../rules/names.js';
import { loadPreferences } from './preferences.js';
import { plural } from './format.js';
import { checkInLine } from './password-check.js';
import { awaitPasswordTurn } from './password-turn.js';
import { offerKeyLink } from './ssh-keys.js';
import { maySignUp } from './quotas.js';
import { applyPreferences } from './terminal-prefs.js';

const NAME_TRIES = 5;
/** Passwords one call may type for a known name before it is hung up on. */
const PASSWORD_TRIES = 3;
export const PASSWORD_MAX = 128;

/**
 * Who is calling: the seed's name and password prompts. A known name needs
 * its password (three wrong ones end the call); an unknown name becomes a new
 * account once its password is typed a second time to match.
 */
/** Told of every account a caller proves to be, before it is let in or turned away (the call log names both). */
export type OnProven = (user: User) => Promise<void>;

// The line editor stops at the longest name, so nobody types a name only to hear it is too long.
const NAME_PROMPT: OpeningPrompt = { name: 'ask_name', options: { maxLength: NAME_MAX } };

/**
 * A new call's opening: the banner, and the name prompt for the runner to
 * open. The runner starts the conversation with the name typed there, which
 * goes to `login`.
 */
export function openLogin(io: SessionIO): OpeningPrompt {
  io.screen('banner');
  io.enter('login', 'logging in');
  return NAME_PROMPT;
}

/** The same opening drawn by a conversation already running (a known caller whose account is gone), its answer awaited by the caller. */
export function askFirstName(io: SessionIO): Promise<string> {
  openLogin(io);
  return askName(io);
}

function askName(io: SessionIO): Promise<string> {
  return io.prompt(NAME_PROMPT.name, NAME_PROMPT.options);
}

/** The rest of the login, from the answer to `askFirstName`. */
export async function login(io: SessionIO, deps: FlowDeps, firstName: string, onProven?: OnProven): Promise<User> {
  for (let attempt = 0; attempt < NAME_TRIES; attempt++) {
    const typed = attempt === 0 ? firstName : await askName(io);
    if (!typed.trim()) continue;
    const existing = await deps.store.users.findByName(typed.trim());
    const user = existing ? await checkPassword(io, deps, existing) : await register(io, deps, typed);
    if (!user) continue;
    const admitted = await admit(io, deps, user, onProven);
    // The password just proved who this is: the one moment a key they offered may be linked.
    await offerKeyLink(io, deps, admitted);
    return admitted;
  }
  io.exit('login_gave_up', {}, 'refused');
}

/**
 * A known name's password, with a few tries as callers expect: a typo is not
 * a hang-up. Every try takes its turn from the board's guard and sits out its
 * back-off, so the tries on one line are no faster than tries on new calls.
 */
async function checkPassword(io: SessionIO, deps: FlowDeps, user: User): Promise<User> {
  const remote = io.session.remote;
  for (let tries = 1; ; tries++) {
    const password = await io.prompt('ask_password', { mode: 'secret', maxLength: PASSWORD_MAX });
    const turn = await awaitPasswordTurn(io, deps, user.name);
    if (!turn.ok) io.exit('password_try_later', { seconds: turn.seconds }, 'refused');
    const verified = await checkInLine(io, deps, user.name, password);
    if (verified) {
      deps.loginGuard.succeeded(user.name, remote);
      return verified;
    }
    deps.log.warn('failed login', { user: user.name, remote, transport: io.session.transport, failures: turn.failures });
    if (tries >= PASSWORD_TRIES) io.exit('bad_password', {}, 'refused');
    io.screen('password_try_again', { left: plural(PASSWORD_TRIES - tries, 'try', 'tries') });
  }
}

/** A new account, or null to go back to the name prompt. */
async function register(io: SessionIO, deps: FlowDeps, typed: string): Promise<User | null> {
  if (!(await maySignUp(io, deps))) return null;
  const vetted = await vetNewName(deps.store.users, typed, deps.board.sysop);
  if (!vetted.ok) {
    io.screen(`name_${vetted.problem}`, vetted.vars);
    return null;
  }
  const name = vetted.name;
  io.screen('new_user', { name });
  const password = await io.prompt('ask_password', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (!password) return null;
  if ([...password].length < deps.limits.minPasswordLength) {
    io.screen('password_short', { min: deps.limits.minPasswordLength });
    return null;
  }
  const again = await io.prompt('ask_password_again', { mode: 'secret', maxLength: PASSWORD_MAX });
  if (!again) return null;
  if (again !== password) {
    io.screen('password_mismatch');
    return null;
  }
  // Whether this is the sysop is settled here, with the insert: the board may have gained one while they typed.
  const created = await deps.store.users.create(name, password, { at: io.now(), from: io.session.remote, claim: vetted.claim });
  if (!created.ok) {
    io.screen(created.reason === 'reserved' ? 'name_reserved' : 'name_taken', { name });
    return null;
  }
  const user = created.user;
  deps.log.info('new account', { user: name, level: user.level, remote: io.session.remote, transport: io.session.transport });
  io.screen('welcome_new', { name });
  if (user.level === 'sysop') io.screen('welcome_sysop', { name });
  return user;
}

/**
 * Let a proven user in: banned ones are turned away, the call is counted (a
 * second call makes a new user a member), and their own settings (colour,
 * terminal profile, screen size) take effect.
 */
export async function admit(io: SessionIO, deps: FlowDeps, user: User, onProven?: OnProven): Promise<User> {
  await onProven?.(user);
  if (user.banned) {
    deps.log.warn('banned user refused', { user: user.name, remote: io.session.remote });
    io.exit('banned', { name: user.name }, 'refused');
  }
  const counted = await deps.store.users.recordLogin(user.id, io.now());
  io.login({ id: counted.id, name: counted.name, level: counted.level });
  deps.log.info('login', { user: counted.name, remote: io.session.remote, transport: io.session.transport });
  applyPreferences(io, await loadPreferences(deps, counted.id));
  return promoteIfDue(io, deps, counted, 'call');
}
