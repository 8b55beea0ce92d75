import { DO, DONT, IAC, NOP, SB, SE, GA, WILL, WONT, type Verb } from './telnet-codes.js';

/**
 * Sans-I/O telnet reader: bytes in, data and commands out, nothing else.
 * It keeps a handful of numbers between packets, so any split of the input
 * reads the same, and any bytes at all are survivable: the only buffer is the
 * subnegotiation one, which is capped (the excess is dropped and flagged).
 */

export type TelnetEvent =
  | { type: 'data'; bytes: Buffer }
  | { type: 'negotiation'; verb: Verb; option: number }
  /** A two-byte command: NOP, DM, BRK, IP, AO, AYT, EC, EL, GA. */
  | { type: 'command'; code: number }
  | { type: 'subnegotiation'; option: number; data: Buffer; truncated: boolean };

/** Long enough for any terminal type or window size; a peer sending more is not describing a terminal. */
const DEFAULT_MAX_SUBNEGOTIATION = 512;

const CR = 0x0d;
const NUL = 0x00;

const S_DATA = 0;
const S_IAC = 1;
const S_VERB = 2;
const S_SB_OPTION = 3;
const S_SB_DATA = 4;
const S_SB_IAC = 5;

/** command()'s answers that are no event: a 0xFF data byte, and a byte to read again in the new state. */
const ESCAPED_IAC = 0;
const READ_AGAIN = 1;

/**
 * Where the run of plain data starting at `from` ends: `end` (the next IAC,
 * or the end of the chunk); unless every NUL is data (`keepNul`), also
 * before the first NUL that follows a CR (NVT's CR NUL, dropped by the byte
 * loop). `afterCr`: the byte before `from` (maybe in the last chunk) was a CR.
 */
function runEnd(chunk: Uint8Array, from: number, end: number, keepNul: boolean, afterCr: boolean): number {
  if (keepNul) return end;
  for (let k = chunk.indexOf(NUL, from); k !== -1 && k < end; k = chunk.indexOf(NUL, k + 1)) {
    if (k === from ? afterCr : chunk[k - 1] === CR) return k;
  }
  return end;
}

export class TelnetParser {
  private state = S_DATA;
  private verb: Verb = WILL;
  private sbOption = 0;
  private sb: Buffer | null = null;
  private sbLength = 0;
  private sbTruncated = false;
  /** The last data byte was CR: a NUL right after it only marks a bare CR (RFC 854) and is dropped. */
  private afterCr = false;
  /**
   * The terminal is handed off and the client sends BINARY: every byte is
   * data, a NUL after CR included (RFC 856), so a door reads what was sent.
   */
  keepNulAfterCr = false;

  constructor(readonly maxSubnegotiation = DEFAULT_MAX_SUBNEGOTIATION) {}

  push(chunk: Uint8Array): TelnetEvent[] {
    const events: TelnetEvent[] = [];
    let out: Buffer | null = null;
    let start = 0;
    let n = 0;
    /** Where the next IAC is, as last looked up (-1: none in the rest of the chunk); below `i` means not looked up since. */
    let nextIac = -2;
    const flush = (): void => {
      if (out !== null && n > start) {
        events.push({ type: 'data', bytes: out.subarray(start, n) });
        start = n;
      }
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      // Data is nearly every byte: it is read here, inline; the rest goes through command().
      if (this.state === S_DATA) {
        // A run of plain data up to the next IAC is copied whole (a file upload is megabytes of it), unless a NUL in it may need dropping.
        // The next IAC is looked for again only once passed: a chunk cut into many runs (CR NUL after CR NUL) is still read once.
        if (nextIac !== -1 && nextIac < i) nextIac = chunk.indexOf(IAC, i);
        const end = b === IAC ? i : runEnd(chunk, i, nextIac === -1 ? chunk.length : nextIac, this.keepNulAfterCr, this.afterCr);
        if (end > i + 1) {
          out ??= Buffer.allocUnsafe(chunk.length);
          out.set(chunk.subarray(i, end), n);
          n += end - i;
          this.afterCr = chunk[end - 1] === CR;
          i = end - 1;
          continue;
        }
        if (b === IAC) this.state = S_IAC;
        else if (b === NUL && this.afterCr && !this.keepNulAfterCr) this.afterCr = false;
        else {
          this.afterCr = b === CR;
          out ??= Buffer.allocUnsafe(chunk.length);
          out[n++] = b;
        }
        continue;
      }
      const step = this.command(b);
      if (step === ESCAPED_IAC) {
        this.afterCr = false;
        out ??= Buffer.allocUnsafe(chunk.length);
        out[n++] = IAC;
      } else if (step === READ_AGAIN) {
        i--;
      } else if (step !== null) {
        flush();
        events.push(step);
      }
    }
    flush();
    return events;
  }

  /**
   * One byte of a command or a subnegotiation: the event it completes, if
   * any; ESCAPED_IAC for a doubled 0xFF in the data; READ_AGAIN when the byte
   * must be read once more in the new state.
   */
  private command(b: number): TelnetEvent | typeof ESCAPED_IAC | typeof READ_AGAIN | null {
    switch (this.state) {
      case S_IAC:
        this.state = S_DATA;
        if (b === IAC) return ESCAPED_IAC;
        if (b === WILL || b === WONT || b === DO || b === DONT) {
          this.verb = b;
          this.state = S_VERB;
        } else if (b === SB) {
          this.state = S_SB_OPTION;
        } else if (b >= NOP && b <= GA) {
          return { type: 'command', code: b };
        }
        // A stray SE, or IAC before a byte that is no command, means nothing: both are dropped.
        return null;
      case S_VERB:
        this.state = S_DATA;
        return { type: 'negotiation', verb: this.verb, option: b };
      case S_SB_OPTION:
        this.sbOption = b;
        this.sbLength = 0;
        this.sbTruncated = false;
        this.state = S_SB_DATA;
        return null;
      case S_SB_DATA:
        if (b === IAC) this.state = S_SB_IAC;
        else this.sbByte(b);
        return null;
      default:
        return this.afterSbIac(b);
    }
  }

  /** The byte after IAC inside a subnegotiation: a doubled 0xFF, its end, or a command that shows it was never closed. */
  private afterSbIac(b: number): TelnetEvent | typeof READ_AGAIN | null {
    if (b === IAC) {
      this.sbByte(IAC);
      this.state = S_SB_DATA;
      return null;
    }
    if (b === SE) {
      this.state = S_DATA;
      return this.endSubnegotiation();
    }
    // IAC + command inside a subnegotiation: the peer never closed it. Drop it and read the command.
    this.sbLength = 0;
    this.sb = null;
    this.state = S_IAC;
    return READ_AGAIN;
  }

  private sbByte(b: number): void {
    if (this.sbLength >= this.maxSubnegotiation) {
      this.sbTruncated = true;
      return;
    }
    this.sb ??= Buffer.allocUnsafe(this.maxSubnegotiation);
    this.sb[this.sbLength++] = b;
  }

  private endSubnegotiation(): TelnetEvent {
    const data = Buffer.from(this.sb === null ? [] : this.sb.subarray(0, this.sbLength));
    const event: TelnetEvent = { type: 'subnegotiation', option: this.sbOption, data, truncated: this.sbTruncated };
    this.sbLength = 0;
    this.sbTruncated = false;
    // Most callers negotiate once at connect: give the buffer back instead of holding it for the whole call.
    this.sb = null;
    return event;
  }
}

/** Data bytes for the wire: every 0xFF doubled, so the peer never reads it as IAC. */
export function escapeIac(bytes: Uint8Array): Buffer {
  const first = bytes.indexOf(IAC);
  if (first < 0) return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // Binary data (a file transfer) holds a 0xFF every 256 bytes or so: copy the runs between them, not byte by byte.
  const at: number[] = [];
  for (let i = first; i !== -1; i = bytes.indexOf(IAC, i + 1)) at.push(i);
  const out = Buffer.allocUnsafe(bytes.length + at.length);
  let from = 0;
  let n = 0;
  for (const i of at) {
    out.set(bytes.subarray(from, i + 1), n);
    n += i + 1 - from;
    out[n++] = IAC;
    from = i + 1;
  }
  out.set(bytes.subarray(from), n);
  return out;
}

/** IAC SB option data IAC SE, with 0xFF in the data doubled. */
export function subnegotiation(option: number, data: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([IAC, SB, option]), escapeIac(data), Buffer.from([IAC, SE])]);
}
