import type { SessionIO } from '../session/io.js';
import { QueueFullError } from '../store/hash-queue.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/** Least time between two redraws of a caller's place in line: a line moving 25 places a second is still one write a second. */
const REDRAW_MS = 1000;

/**
 * Check a typed password in the board's line of password hashes
 * (store/hash-queue.ts), showing the caller their place while they wait:
 * "Checking your password, N ahead of you...", redrawn as the line moves. A
 * caller who hangs up leaves the line at once. When the line is full, the
 * call ends with a plain "busy, try again" instead of a wait nobody sees end.
 */
export async function checkInLine(io: SessionIO, deps: FlowDeps, name: string, password: string): Promise<User | null> {
  let queued = false;
  let shownAt = -Infinity;
  let shown = -1;
  const onPlace = (ahead: number): void => {
    queued = true;
    const now = io.now().getTime();
    if (io.signal.aborted || ahead === shown || now - shownAt < REDRAW_MS) return;
    shown = ahead;
    shownAt = now;
    io.status('password_queue', { ahead });
  };
  try {
    return await deps.store.users.verifyPassword(name, password, { signal: io.signal, onPlace, bounded: true });
  } catch (err) {
    if (err instanceof QueueFullError) {
      deps.log.warn('password not checked: the line of password checks is full', { user: name, remote: io.session.remote, waiting: err.waiting });
      io.exit('password_queue_full', {}, 'refused');
    }
    // Only a wait in line rejects with the call's end: the hash never ran.
    if (queued && io.signal.aborted && err === io.signal.reason) deps.log.info('password check dropped: the caller left the line', { user: name, remote: io.session.remote });
    throw err;
  }
}
