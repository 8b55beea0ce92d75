/**
 * The event contract between transports and the session runner.
 * Every wire (JSON socket, telnet, SSH, WebSocket) turns its bytes into
 * InputEvents and renders OutputEvents back into bytes.
 */

import type { EditRequest } from './edit.js';
import type { Handback, HandoffRequest } from './handoff.js';

export type PromptMode = 'line' | 'secret' | 'key';

export type InputEvent =
  | { type: 'open' }
  | { type: 'line'; text: string }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'hangup'; reason: HangupReason }
  /** The terminal the conversation handed off (a door, another board) is back: how it went. */
  | { type: 'handback'; handback: Handback }
  /** The full-screen editor closed: the message as it stood on the screen, or null when the caller gave it up. */
  | { type: 'edited'; text: string | null }
  /** The full-screen editor's text so far, sent now and then while the caller types. */
  | { type: 'edit-draft'; text: string };

/**
 * Why a call ended, in the words the sysop's call log shows. One vocabulary
 * for every wire and for the runner: a transport says what happened to its
 * line (`line dropped`, `not reading`, `shutdown`, `refused`, `error`), the
 * runner says why the board ended the call (`idle`, `login time`, `kicked`,
 * `moved`), and the conversation says how it closed (`goodbye`, `banned`).
 */
export type HangupReason =
  /** The caller logged off, or the board said goodbye as a call should end. */
  | 'goodbye'
  /** The caller's side closed the connection (or stopped answering) in the middle of the call. */
  | 'line dropped'
  /** Nothing typed at a prompt for the idle limit. */
  | 'idle'
  /** Not logged in within the login grace period. */
  | 'login time'
  /** A sysop kicked the caller off. */
  | 'kicked'
  /** Output piled up past the wire's backlog cap: the caller stopped reading. */
  | 'not reading'
  /** Every line was taken. */
  | 'busy'
  /** The board turned the caller away: a bad frame or protocol error, a failed login. */
  | 'refused'
  /** A banned account tried to call. */
  | 'banned'
  /** The board (or this port) was shutting down. */
  | 'shutdown'
  /** The caller's node went away and the call continues on another one. */
  | 'moved'
  /** A fault on the board's side. */
  | 'error';

/** The reason for each way the board itself ends a call (the `end` of an exit event). */
export const REASON_OF_END: Readonly<Record<CallEnd, HangupReason>> = Object.freeze({
  goodbye: 'goodbye',
  busy: 'busy',
  kicked: 'kicked',
  refused: 'refused',
  timeout: 'idle',
  shutdown: 'shutdown',
  error: 'error',
});

export type OutputEvent =
  /**
   * `status`: a one-line note of progress (a place in line) that the next
   * status replaces: terminals redraw it in place when nothing came between;
   * a line printer (the JSON socket) prints one now and then.
   */
  | { type: 'screen'; text: string; status?: true }
  | {
      type: 'prompt';
      text: string;
      pchar: string;
      mode: PromptMode;
      maxLength: number;
      /** Once answered, take the pchar and the typed answer off the screen where the wire can: the board shows the answer back in its own form. */
      transient?: true;
      /**
       * Only on the first prompt after the call moved to another node (a node
       * restart). `same`: this is the prompt the caller was at, so what they had
       * typed there stays in their input line. `other`: it is not, so their half
       * line and keys typed ahead for the old screen are dropped, never run here.
       */
      moved?: 'same' | 'other';
    }
  /**
   * What follows replaces the view (a menu, the message reader, a list): wipe the screen first where the wire
   * draws on a screen and nothing shown since the caller's last answer would be lost. Line printers (the JSON
   * socket's client) ignore it, as the seed's client would print the escape as text.
   */
  | { type: 'clear' }
  /** `end` says why the board ended the call, for wires that can tell the caller's program (SSH's exit status); absent means a goodbye. */
  | { type: 'exit'; text: string; end?: CallEnd }
  /**
   * Hand the caller's terminal to a door or another board: the gateway runs
   * it beside the socket, bytes pass untouched meanwhile, and a `handback`
   * input event says when the conversation has the terminal again.
   */
  | { type: 'handoff'; request: HandoffRequest }
  /** Open the full-screen editor (terminals that address the cursor); its text comes back as an `edited` input event. */
  | { type: 'edit'; request: EditRequest }
  /** The caller changed their terminal settings (profile override, colour, size override): encode for these from now on. */
  | { type: 'terminal'; terminal: Terminal };

/** Why the board ended a call: a goodbye, every line busy, a sysop's kick, a refused login (a ban, a wrong password), a timeout, the board going down, a fault. */
export type CallEnd = 'goodbye' | 'busy' | 'kicked' | 'refused' | 'timeout' | 'shutdown' | 'error';

/** How text reaches the caller's eyes; decided by the transport, adjustable by the caller. */
export type Encoding = 'utf8' | 'cp437';

/** Terminal capabilities of one caller. */
export interface Terminal {
  cols: number;
  rows: number;
  /** chalk colour level: 0 none, 1 sixteen colours, 2 256 colours, 3 truecolour. */
  colorLevel: 0 | 1 | 2 | 3;
  encoding: Encoding;
  /** ANSI-BBS profile: bright colours as bold, no SGR 90-97, 80 columns. */
  ansiBbs: boolean;
  /** Terminal type as reported by the client (TTYPE, pty request), lower-cased; '' if unknown. */
  termType: string;
}

export const DEFAULT_TERMINAL: Readonly<Terminal> = Object.freeze({
  cols: 80,
  rows: 24,
  colorLevel: 1,
  encoding: 'utf8',
  ansiBbs: false,
  termType: '',
});

/**
 * A terminal as one literal naming every field, `base` with `patch` over it.
 * A spread of a frozen object with fields set after it leaves some fields in
 * a property array outside the object: two more objects per caller, kept for
 * the whole call.
 */
export function terminalWith(base: Readonly<Terminal>, patch: Partial<Terminal> = {}): Terminal {
  return {
    cols: patch.cols ?? base.cols,
    rows: patch.rows ?? base.rows,
    colorLevel: patch.colorLevel ?? base.colorLevel,
    encoding: patch.encoding ?? base.encoding,
    ansiBbs: patch.ansiBbs ?? base.ansiBbs,
    termType: patch.termType ?? base.termType,
  };
}

/** Clamp a reported window size to something sane; 0 means "unknown". */
export function saneSize(cols: number, rows: number): { cols: number; rows: number } {
  const fix = (n: number, fallback: number, max: number): number =>
    Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), max) : fallback;
  return { cols: fix(cols, 80, 500), rows: fix(rows, 24, 300) };
}
