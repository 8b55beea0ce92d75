/** What the drop files say about one caller and one call, gathered before a door starts. */
export interface DropInfo {
  boardName: string;
  sysopName: string;
  /** The node the caller is on (drop files call it the node or line). */
  node: number;
  userId: number;
  /** The caller's account name, used as both alias and real name (the board keeps no separate real name). */
  userName: string;
  location: string;
  /** Numeric security level for the door: new 10, member 50, sysop 100. */
  securityLevel: number;
  /** Minutes left for this door on this call. */
  minutesLeft: number;
  cols: number;
  rows: number;
  /** The caller's terminal shows ANSI colour. */
  ansi: boolean;
  /** CP437 bytes (ANSI-BBS) rather than UTF-8. */
  cp437: boolean;
  /** 'telnet' | 'ssh' | 'websocket' | 'json-socket'. */
  transport: string;
  /** Times the account has called, including this call. */
  calls: number;
  /** When the account first called, and when it last called before this call. */
  firstCall: Date;
  lastCall: Date;
  /** Messages the account has posted. */
  posts: number;
  /** The moment the drop file is written (its "now"). */
  now: Date;
  /** When this call began; absent: `now`. */
  callStart?: Date;
  /**
   * The serial port the door talks to the caller through, for a DOS door
   * whose COM port is bridged to the caller; absent or 0: local, the door
   * reads and writes its own console (a pseudo-terminal for the board).
   */
  commPort?: number;
  /** The port (DTE) rate written where a format asks for one; absent: 38400, the top of the DOS formats' range. */
  baud?: number;
  /** A DOS door reaches its port through a FOSSIL driver rather than its own UART code (DORINFO1.DEF's last line). */
  fossil?: boolean;
  /** The folder as the door sees it, for the formats' path lines (a DOS path under DOSBox); absent: the drop folder itself. */
  folder?: string;
}
