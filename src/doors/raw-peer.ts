import type { TransferResult } from '../session/handoff.js';

/**
 * The far end of a handed-off terminal: a door program in a pseudo-terminal,
 * another board reached through the gateway, a DOS door in DOSBox, a file
 * transfer. While a peer holds the caller's terminal, bytes pass both ways
 * untouched; the line editor steps aside until the peer ends.
 */

/** How a peer ended, for the caller's note and the sysop's log line. */
export interface RawOutcome {
  /** `exit`: the program ended by itself (code/signal say how); `hangup`: the caller's line dropped; `time`: a time limit ended it; `escape`: the caller asked to come back; `failed`: it could not start or run; `ended`: the board ended it (shutdown, sysop). */
  how: 'exit' | 'hangup' | 'time' | 'escape' | 'failed' | 'ended';
  code?: number | null;
  signal?: string | null;
  /** One line for the caller, plain text, when there is something to say (a failure, stderr output, a time limit). */
  note?: string;
  /** Details for the sysop's log line (stderr's first lines, an errno). */
  detail?: string;
  /** A file transfer's peer: what it moved. */
  transfer?: TransferResult;
}

/** Where a peer sends what it has for the caller. */
export interface RawSink {
  /**
   * Bytes for the caller's terminal, untouched by the board. False: the
   * caller's wire has a backlog; the peer should stop reading its source
   * until its `resume()` is called.
   */
  data(bytes: Uint8Array): boolean;
  /** The peer is finished; called exactly once, after its last `data`. */
  end(outcome: RawOutcome): void;
}

/** A peer as the board drives it. Every method must not throw. */
export interface RawPeer {
  /** Begin: output flows to `sink` from now on. Called once. */
  start(sink: RawSink): void;
  /** What the caller typed, byte for byte. */
  input(bytes: Uint8Array): void;
  /** The caller's window changed. */
  resize(cols: number, rows: number): void;
  /** The wire drained after `data` returned false: read again. */
  resume(): void;
  /** End now (the caller hung up, the board is stopping): `sink.end` follows with `how` given. */
  stop(how: 'hangup' | 'ended'): void;
}
