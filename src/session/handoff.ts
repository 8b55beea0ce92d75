/**
 * Handing the caller's terminal to something other than the conversation:
 * a door program, another board, a file transfer. The conversation asks
 * with a `handoff` output event and waits; the gateway, which owns the
 * socket, runs the other end beside it and answers with a `handback` input
 * event when it is finished. Plain data, so it crosses a node's link.
 */

/** What a flow asks to be connected to. */
export type HandoffRequest =
  /** A door from the config's `doors:` list, with what its drop files say about the caller. */
  | { kind: 'door'; door: string; caller: DoorCaller }
  /** A door of this account's that kept running after its line dropped: carry on with it. */
  | { kind: 'resume'; door: string; userId: number }
  /** A remote board from the config's `gateways:` list. */
  | { kind: 'gateway'; gateway: string }
  /** The sysop watches a running door, read-only, until they press a key. */
  | { kind: 'watch'; playId: string }
  /**
   * Send files to the caller's terminal program (a download). `resume`: a
   * ZMODEM download the caller's program may continue from what it already
   * has of a file (crash recovery), at the caller's choice.
   */
  | { kind: 'send'; protocol: TransferProtocol; files: TransferFile[]; resume?: boolean }
  /**
   * Take files from the caller's terminal program (an upload) into `folder`,
   * a private folder of the board's that nothing lists; the flow checks each
   * file and moves it into its area. `name`: the file's name for XMODEM,
   * which carries none. `maxBytes`: the transfer is cut off past this many
   * bytes in all (0: no cap).
   */
  | { kind: 'receive'; protocol: TransferProtocol; folder: string; name?: string; maxBytes: number };

/** The protocols Debian's lrzsz speaks: sz/rz, sb/rb, sx/rx (with 1 KiB blocks or 128-byte CRC blocks). */
export type TransferProtocol = 'zmodem' | 'ymodem' | 'xmodem-1k' | 'xmodem';

/** One file to send: where it is, and the name the caller's program is told. */
interface TransferFile {
  path: string;
  name: string;
  size: number;
}

/** What a transfer moved, in the handback. */
export interface TransferResult {
  /** Names of the files that were sent whole (a download); empty when it failed or was cancelled. */
  sent: string[];
  /** Files that arrived whole in the receive folder (an upload), as lrzsz named them there. */
  received: Array<{ name: string; path: string; size: number }>;
  /** The caller cancelled (CAN CAN CAN...) or the transfer broke off. */
  cancelled: boolean;
}

/** Facts about the caller that only the node knows (the store's account), for drop files and limits. */
export interface DoorCaller {
  node: number;
  userId: number;
  userName: string;
  level: 'new' | 'member' | 'sysop';
  /** Minutes this caller may spend in the door now (per call and per day limits applied); 0: no limit. */
  minutes: number;
  calls: number;
  firstCall: number;
  lastCall: number;
  posts: number;
}

/** How the other end finished, for the note the flow shows and the time it records. */
export interface Handback {
  how: 'exit' | 'hangup' | 'time' | 'escape' | 'failed' | 'ended' | 'busy' | 'refused';
  /** One line for the caller, plain text, when there is something to say. */
  note?: string;
  /** Seconds the caller spent on the other end. */
  seconds: number;
  /** For a `send` or `receive`: what was moved. */
  transfer?: TransferResult;
}

/** One door being played now, for the doors list and the sysop's watch. */
export interface DoorPlay {
  playId: string;
  door: string;
  userId: number;
  userName: string;
  /** Kept running after the caller's line dropped, waiting for them to call back. */
  detached: boolean;
  startedAt: number;
}

/** The gateway's desk of running doors, as a flow asks it. */
export interface DoorDirectory {
  /** Everything running now (every node's callers). */
  plays(): Promise<DoorPlay[]>;
}
