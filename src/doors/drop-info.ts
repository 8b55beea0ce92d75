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
}
