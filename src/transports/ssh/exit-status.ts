import type { CallEnd } from '../../session/events.js';

/**
 * The exit status `ssh` returns to the caller's shell, by how the board ended
 * the call, so a script can tell "try again later" from "you are not welcome".
 * 0, 1 and 2 mean what they mean for the dialer in clients/ (a goodbye, a
 * dropped line, every line busy); the README lists the whole table.
 */
const SSH_EXIT_STATUS: Readonly<Record<CallEnd, number>> = Object.freeze({
  goodbye: 0,
  error: 1,
  busy: 2,
  kicked: 3,
  refused: 4,
  timeout: 5,
  shutdown: 6,
});

export function sshExitStatus(end: CallEnd | undefined): number {
  return SSH_EXIT_STATUS[end ?? 'goodbye'];
}
