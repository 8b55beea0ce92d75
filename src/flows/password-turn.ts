import type { SessionIO } from '../session/io.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';

/** Told to a caller whose attempt could not be put in line because the guard did not answer. */
const UNANSWERED_RETRY_S = 60;

type PasswordTurn = { ok: true; failures: number } | { ok: false; seconds: number };

/**
 * Before a typed password is checked: take the attempt's turn from the
 * board's guard and sit out the wait, telling the caller how long. Not ok
 * when the attempt is refused unchecked (the line is too long, or the guard
 * could not be asked: no answer never means no wait).
 */
export async function awaitPasswordTurn(io: SessionIO, deps: FlowDeps, account: string): Promise<PasswordTurn> {
  const remote = io.session.remote;
  let turn;
  try {
    turn = await deps.loginGuard.attempt(account, remote);
  } catch (err) {
    deps.log.warn('password not checked: the guard did not answer', { user: account, remote, err });
    return { ok: false, seconds: UNANSWERED_RETRY_S };
  }
  if (turn.refused) {
    deps.log.warn('password not checked: too many attempts waiting', { user: account, remote, transport: io.session.transport });
    return { ok: false, seconds: Math.max(1, Math.ceil(turn.waitMs / 1000)) };
  }
  if (turn.waitMs > 0) {
    const seconds = Math.ceil(turn.waitMs / 1000);
    io.screen('login_slowdown', { seconds, wait: plural(seconds, 'second') });
    await io.pause(turn.waitMs);
  }
  return { ok: true, failures: turn.failures };
}
