import type { RawListener, RawTerminal } from '../../session/caller.js';
import type { Terminal } from '../../session/events.js';

/** Past this many unsent bytes a handed-off terminal asks its peer to wait: far below any wire's "not reading" cap. */
const RAW_HIGH_WATER = 256 * 1024;

/**
 * Leaving a door or another board: whatever modes it set, the conversation
 * gets a terminal it knows. Colours off, the whole screen as the scrolling
 * region, the main screen rather than an alternate one, the cursor shown,
 * line wrap on, mouse reports and bracketed paste off, keypad normal, and
 * a clean screen with the cursor home.
 */
export const TERMINAL_RESET =
  '\x1b[0m\x1b[r\x1b[?1049l\x1b[?25h\x1b[?7h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l\x1b>\x1b[2J\x1b[H';

/** What the terminal session lends a raw handle: the wire's bytes and backlog, and its own way back. */
export interface RawHost {
  writeRaw(bytes: Uint8Array): void;
  backlog(): number;
  leaveRaw(handle: RawHandle): void;
  /** Stop (true) or resume (false) reading the caller's wire. */
  holdInput(held: boolean): void;
  readonly terminal: Terminal;
}

/** A terminal handed off: keys and sizes to the listener, bytes straight to the wire, until closed. */
export class RawHandle implements RawTerminal {
  private closed = false;
  private held = false;

  constructor(
    private readonly host: RawHost,
    readonly listener: RawListener,
  ) {}

  get terminal(): Terminal {
    return this.host.terminal;
  }

  get writable(): boolean {
    return this.host.backlog() < RAW_HIGH_WATER;
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    if (bytes.length > 0) this.host.writeRaw(bytes);
    return this.writable;
  }

  holdInput(held: boolean): void {
    if (this.closed || held === this.held) return;
    this.held = held;
    this.host.holdInput(held);
  }

  close(): void {
    if (this.closed) return;
    // The conversation gets a wire that reads again, whatever the peer left it as.
    this.holdInput(false);
    this.closed = true;
    this.host.leaveRaw(this);
  }

  /** The call ended under the peer: nothing more is written. */
  drop(): void {
    this.closed = true;
  }
}
