import type { Logger } from '../../logger.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import { QueueFullError } from '../../store/hash-queue.js';
import type { User } from '../../store/types.js';

/** What AUTHINFO PASS came to. */
type LoginResult = { kind: 'ok'; user: User } | { kind: 'failed' } | { kind: 'refused' } | { kind: 'busy' } | { kind: 'gone' };

export interface NewsLoginDeps {
  verifyPassword(name: string, password: string, wait: { signal: AbortSignal; bounded: true }): Promise<User | null>;
  /** The board's one failed-password back-off: a guess here waits in the same line as one on telnet or SSH. */
  guard: PasswordGuard;
  log: Logger;
}

const PASSWORD_MAX = 1024;

/**
 * One AUTHINFO USER/PASS check, the way SSH password logins are checked:
 * take a turn from the guard (waiting it out), then verify in the board's
 * line of password checks. A banned account fails like a wrong password
 * (and is logged as what it is). `gone` fires when the connection closes.
 */
export async function checkNewsLogin(deps: NewsLoginDeps, name: string, password: string, remote: string, gone: AbortSignal): Promise<LoginResult> {
  const { guard, log } = deps;
  if (password.length > PASSWORD_MAX || name.length > PASSWORD_MAX) return { kind: 'failed' };
  const turn = await guard.attempt(name, remote).catch((err: unknown) => {
    log.warn('password not checked: the guard did not answer', { user: name, remote, err });
    return null;
  });
  if (!turn || turn.refused) {
    if (turn) log.warn('password not checked: too many attempts waiting', { user: name, remote, transport: 'nntp' });
    return { kind: 'refused' };
  }
  if (turn.waitMs > 0) await sleep(turn.waitMs, gone);
  if (gone.aborted) return { kind: 'gone' };
  let user: User | null;
  try {
    user = await deps.verifyPassword(name, password, { signal: gone, bounded: true });
  } catch (err) {
    if (err instanceof QueueFullError) {
      log.warn('password not checked: the line of password checks is full', { user: name, remote, transport: 'nntp', waiting: err.waiting });
      return { kind: 'busy' };
    }
    if (gone.aborted) return { kind: 'gone' };
    throw err;
  }
  if (!user) {
    log.warn('failed login', { user: name, remote, transport: 'nntp', failures: turn.failures });
    return { kind: 'failed' };
  }
  guard.succeeded(name, remote);
  if (user.banned) {
    log.warn('banned user refused', { user: user.name, remote, transport: 'nntp' });
    return { kind: 'failed' };
  }
  return { kind: 'ok', user };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
