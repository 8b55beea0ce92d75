import { IAC, OPT_TTYPE, SB, SE } from './telnet-codes.js';

/**
 * TTYPE (RFC 1091): we send SEND, the client answers IS <name>. Each further
 * SEND moves the client to its next name; sending the same name again means
 * the list is over (some clients start over from the first instead).
 */

const TTYPE_IS = 0;
const TTYPE_SEND = 1;

export const TTYPE_SEND_BYTES: Buffer = Buffer.from([IAC, SB, OPT_TTYPE, TTYPE_SEND, IAC, SE]);

/** Terminal names are short; anything longer is cut, never kept whole. */
export const MAX_TTYPE_NAME = 40;

/** The name in an IS answer, lower-cased, or null for anything else. */
export function parseTtypeIs(data: Uint8Array): string | null {
  if (data.length < 2 || data[0] !== TTYPE_IS) return null;
  let name = '';
  for (let i = 1; i < data.length && name.length < MAX_TTYPE_NAME; i++) {
    const b = data[i]!;
    // RFC 1091 names are printable ASCII; anything else is not a terminal type.
    if (b < 0x20 || b > 0x7e) return null;
    name += String.fromCharCode(b);
  }
  name = name.trim().toLowerCase();
  return name === '' ? null : name;
}

/** Walks the client's list of names: a few rounds at most, stopping at the first repeat. */
export class TtypeCycle {
  /** Copied as it grows (four names at most): an array pushed to is given room for 16 more, kept for the whole call. */
  names: readonly string[] = [];
  private finished = false;

  constructor(private readonly maxNames = 4) {}

  get done(): boolean {
    return this.finished;
  }

  /** Record one IS answer; returns true when another SEND should go out. */
  add(name: string): boolean {
    if (this.finished) return false;
    if (this.names.includes(name)) {
      this.finished = true;
      return false;
    }
    this.names = [...this.names, name];
    if (this.names.length >= this.maxNames) this.finished = true;
    return !this.finished;
  }

  /** No (more) names will come: refused, or the wait is over. */
  finish(): void {
    this.finished = true;
  }
}
