import { DEFAULT_TERMINAL, type Terminal } from '../../session/events.js';
import { terminalFor } from '../telnet/terminal-profile.js';

/** What a pty request tells us; null when the client asked for none. */
export interface PtyRequest {
  term: string;
  cols: number;
  rows: number;
}

/**
 * The caller's terminal from their pty request, through the same profile
 * chooser telnet's TTYPE uses, so `TERM=syncterm ssh ...` gets CP437 art the
 * way a SyncTERM telnet caller does. `ssh -tt` from a pipe sends an empty
 * TERM and a 0x0 size: that is the plain 80x24 default.
 */
export function terminalForPty(pty: PtyRequest | null): Terminal {
  if (!pty) return { ...DEFAULT_TERMINAL };
  return terminalFor(pty.term ? [pty.term] : [], { cols: pty.cols, rows: pty.rows });
}
