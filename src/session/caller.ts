import type { InputEvent, OutputEvent, Terminal } from './events.js';
import type { OfferedKey, SessionUser } from './identity.js';

export type { OfferedKey } from './identity.js';

/**
 * What a transport knows about one connection, handed to the exchange when a
 * caller dials in. `deliver` is how the conversation's output reaches the wire.
 */
export interface CallerPort {
  transport: string;
  remote: string;
  terminal: Terminal;
  /** Render one output event on the wire. Must not throw. */
  deliver(event: OutputEvent): void;
  /** Account already proven by the transport (an SSH password or key login): the call starts logged in. */
  preauthenticated?: SessionUser;
  /** A key the client signed with during SSH authentication that is not linked to any account yet. */
  offeredKey?: OfferedKey;
  /** A particular node's "phone number" was dialled (the JSON route @bbs.N, ws ?node=N): only that node may answer. */
  node?: number;
  /**
   * Hand the terminal over, byte for byte, until the returned handle is
   * closed: the line editor steps aside, keys and window sizes go to
   * `listener`. Null when the wire carries only lines (the JSON socket)
   * or the call can no longer do it (it has ended).
   */
  openRaw?(listener: RawListener): RawTerminal | null;
}

/** Where a handed-off terminal's keys and window sizes go. */
export interface RawListener {
  bytes(bytes: Uint8Array): void;
  resize(cols: number, rows: number): void;
}

/** The caller's terminal while it is handed off. */
export interface RawTerminal {
  /** The caller's terminal as the wire knows it now (their encoding, size and type). */
  readonly terminal: Terminal;
  /** Bytes for the caller, untouched by the board (the wire still frames them: telnet doubles IAC). False when the wire has a backlog. */
  write(bytes: Uint8Array): boolean;
  /** The wire's backlog is small enough to write again. */
  readonly writable: boolean;
  /**
   * Stop reading the caller's wire (true) or read it again (false), so a peer
   * that takes bytes slower than the caller sends them (a file upload) makes
   * the caller's program wait rather than the board buffer. Wires that cannot
   * (none today) leave it out.
   */
  holdInput?(held: boolean): void;
  /** Give the terminal back to the conversation, reset to a known state (colours, cursor, scrolling region, main screen). */
  close(): void;
}

/** The transport's handle on a placed call: where its input events go. */
export interface CallHandle {
  readonly id: string;
  input(event: InputEvent): void;
}

/**
 * Where transports place calls. In one process the session runner is the
 * exchange; with worker nodes the gateway is, and it forwards over a link.
 */
export interface Exchange {
  dial(caller: CallerPort): CallHandle;
}
