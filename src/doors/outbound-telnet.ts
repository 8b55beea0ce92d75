import { OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE } from '../transports/telnet/telnet-codes.js';
import { TelnetOptions, type OptionChange, type OptionPolicy } from '../transports/telnet/telnet-options.js';
import { TelnetParser, escapeIac, subnegotiation } from '../transports/telnet/telnet-parser.js';

/**
 * The client side of telnet, for a caller the gateway connects to another
 * board: sans-I/O like the server's codec, and built from the same parser and
 * RFC 1143 option table. The far board's bytes go in, the caller's data and
 * our answers come out; the caller's keys go out with 0xFF doubled.
 */

/** What we agree to when the far board asks: it echoes and sends 8-bit data in character mode; we report our window and type. */
const CLIENT_POLICY: OptionPolicy = {
  us: new Set([OPT_BINARY, OPT_SGA, OPT_NAWS, OPT_TTYPE]),
  him: new Set([OPT_ECHO, OPT_SGA, OPT_BINARY]),
};

const TTYPE_IS = 0;
const TTYPE_SEND = 1;
/** Terminal names are short ASCII (RFC 1091); anything else in the caller's type is cut or left out. */
const MAX_TTYPE_NAME = 40;

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

interface OutboundTelnetOptions {
  cols: number;
  rows: number;
  /** Sent when the far board asks (TTYPE SEND), e.g. "ANSI" or "XTERM-256COLOR". */
  terminalType: string;
}

export interface Decoded {
  /** For the caller's terminal: IAC undoubled, every telnet command taken out. */
  data: Buffer;
  /** For the far board: our answers to its negotiation (empty when none is due). */
  reply: Buffer;
}

export class OutboundTelnet {
  private readonly parser = new TelnetParser();
  private readonly options = new TelnetOptions(CLIENT_POLICY);
  private cols: number;
  private rows: number;
  private readonly terminalType: Buffer;
  /** The caller's last chunk ended in a CR we already sent as CR NUL: a NUL opening the next one is that same NUL. */
  private sentCrNul = false;

  constructor(opts: OutboundTelnetOptions) {
    this.cols = clampSize(opts.cols);
    this.rows = clampSize(opts.rows);
    this.terminalType = terminalTypeBytes(opts.terminalType);
    // A NUL after the far board's CR is padding in NVT mode (RFC 854) but a byte of data once it sends BINARY (RFC 856).
    // Passed on either way: a terminal ignores a NUL, a file transfer needs it, and the result is the same however the
    // far board's bytes happen to be split into reads.
    this.parser.keepNulAfterCr = true;
  }

  /** The far board's bytes: data for the caller and what to answer. Survives any bytes. */
  decode(bytes: Uint8Array): Decoded {
    const data: Buffer[] = [];
    const reply: number[] = [];
    for (const event of this.parser.push(bytes)) {
      if (event.type === 'data') data.push(event.bytes);
      else if (event.type === 'negotiation') {
        const result = this.options.receive(event.verb, event.option);
        reply.push(...result.reply);
        if (result.change) reply.push(...this.onChange(result.change));
      } else if (event.type === 'subnegotiation' && !event.truncated) reply.push(...this.onSubnegotiation(event.option, event.data));
      // Two-byte commands (NOP, GA, AYT, DM ...) mean nothing to a terminal: dropped.
    }
    return { data: data.length === 1 ? data[0]! : Buffer.concat(data), reply: Buffer.from(reply) };
  }

  /**
   * The caller's bytes for the far board: 0xFF doubled, and unless we agreed
   * to send binary, a bare CR as CR NUL (RFC 854), so the far board never
   * waits to see whether an LF follows.
   */
  encode(bytes: Uint8Array): Buffer {
    const escaped = escapeIac(bytes);
    if (this.options.enabled('us', OPT_BINARY)) {
      this.sentCrNul = false;
      return escaped;
    }
    if (escaped.length === 0) return escaped;
    const dropNul = this.sentCrNul && escaped[0] === NUL;
    // A CR that ends the chunk goes out as CR NUL: the terminal sends Enter whole, so an LF next is a key of its own.
    this.sentCrNul = escaped[escaped.length - 1] === CR;
    // Most reads (keys, pasted text) hold no CR: they go as they are.
    if (!dropNul && escaped.indexOf(CR) < 0) return escaped;
    const out = Buffer.allocUnsafe(escaped.length * 2);
    let n = 0;
    for (let i = dropNul ? 1 : 0; i < escaped.length; i++) {
      const b = escaped[i]!;
      out[n++] = b;
      if (b !== CR) continue;
      const next = escaped[i + 1];
      if (next === undefined || (next !== LF && next !== NUL)) out[n++] = NUL;
    }
    return out.subarray(0, n);
  }

  /** The caller's window changed: the NAWS report to send, when the far board asked for one. */
  resize(cols: number, rows: number): Buffer {
    const c = clampSize(cols);
    const r = clampSize(rows);
    if (c === this.cols && r === this.rows) return Buffer.alloc(0);
    this.cols = c;
    this.rows = r;
    return this.options.enabled('us', OPT_NAWS) ? this.naws() : Buffer.alloc(0);
  }

  private onChange(change: OptionChange): Buffer | number[] {
    // Agreeing to NAWS promises a report: it goes straight after the WILL.
    if (change.side === 'us' && change.option === OPT_NAWS && change.enabled) return this.naws();
    return [];
  }

  private onSubnegotiation(option: number, data: Buffer): Buffer | number[] {
    if (option !== OPT_TTYPE || data.length !== 1 || data[0] !== TTYPE_SEND) return [];
    if (!this.options.enabled('us', OPT_TTYPE)) return [];
    return subnegotiation(OPT_TTYPE, Buffer.concat([Buffer.of(TTYPE_IS), this.terminalType]));
  }

  private naws(): Buffer {
    return subnegotiation(OPT_NAWS, Buffer.of(this.cols >> 8, this.cols & 0xff, this.rows >> 8, this.rows & 0xff));
  }
}

/** A size as NAWS carries it: 16 bits each, 0 for unknown. */
function clampSize(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 0xffff) : 0;
}

/** Printable ASCII only, upper-cased as RFC 1091 writes names; "UNKNOWN" when nothing is left. */
function terminalTypeBytes(name: string): Buffer {
  const clean = name.replace(/[^\x21-\x7e]/g, '').slice(0, MAX_TTYPE_NAME).toUpperCase();
  return Buffer.from(clean === '' ? 'UNKNOWN' : clean, 'latin1');
}
