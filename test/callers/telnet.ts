import { DO, DONT, IAC, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, SB, SE, WILL, WONT } from '../../src/transports/telnet/telnet-codes.js';
import { TelnetParser } from '../../src/transports/telnet/telnet-parser.js';
import { signUp } from '../helpers/terminal-login.js';
import { until } from '../helpers/until.js';
import { SocketCaller, type SocketCallerOptions } from './socket-caller.js';
import { stripAnsi } from './text-stream.js';

export interface TelnetCallerOptions extends SocketCallerOptions {
  /** Answer the board's offer the way a real client does (DO/WILL, NAWS, TTYPE); false: a raw socket that never negotiates. */
  negotiate?: boolean;
  cols?: number;
  rows?: number;
  termType?: string;
  /** Keep no text at all (memory benchmarks with thousands of callers): only count bytes. */
  quiet?: boolean;
}

/** "I will report my window, and it is this big": the bytes a terminal sends for NAWS. */
export function nawsReport(cols: number, rows: number): number[] {
  return [IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, cols >> 8, cols & 255, rows >> 8, rows & 255, IAC, SE];
}

/** The answer to TTYPE SEND: IS and the terminal type. */
export function terminalTypeIs(termType: string): number[] {
  return [IAC, SB, OPT_TTYPE, 0, ...Buffer.from(termType, 'latin1'), IAC, SE];
}

/**
 * A telnet caller over a real socket. Negotiating, it agrees to what the
 * board offers and reports its window and terminal type, as inetutils telnet
 * in character mode does; otherwise it is a bare TCP socket that ignores
 * every command. What the board shows lands in `screen` as plain text.
 */
export class TelnetCaller extends SocketCaller {
  /** Every byte received, commands and all. */
  bytes = 0;
  protected readonly parser = new TelnetParser();
  private readonly decoder = new TextDecoder();

  constructor(private readonly opts: TelnetCallerOptions) {
    super(opts);
  }

  static async dial<T extends TelnetCaller>(this: new (opts: TelnetCallerOptions) => T, opts: TelnetCallerOptions): Promise<T> {
    const c = new this(opts);
    await c.connected;
    return c;
  }

  protected onData(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.opts.quiet && !this.opts.negotiate) return;
    const replies: number[] = [];
    for (const e of this.parser.push(chunk)) {
      if (e.type === 'data') this.received(e.bytes);
      else if (e.type === 'negotiation' && this.opts.negotiate) replies.push(...this.answer(e.verb, e.option));
      else if (e.type === 'subnegotiation' && this.opts.negotiate && e.option === OPT_TTYPE && e.data[0] === 1) {
        replies.push(...terminalTypeIs(this.opts.termType ?? 'XTERM-256COLOR'));
      }
    }
    if (replies.length && !this.socket.destroyed) this.socket.write(Buffer.from(replies));
  }

  /** Data bytes from the board, telnet commands taken out. */
  protected received(bytes: Buffer): void {
    if (!this.opts.quiet) this.screen.push(this.decoder.decode(bytes, { stream: true }));
  }

  private answer(verb: number, option: number): number[] {
    if (verb === DO) {
      if (option === OPT_NAWS) return nawsReport(this.opts.cols ?? 80, this.opts.rows ?? 24);
      return [IAC, [OPT_TTYPE, OPT_SGA, OPT_BINARY].includes(option) ? WILL : WONT, option];
    }
    if (verb === WILL) return [IAC, [OPT_ECHO, OPT_SGA, OPT_BINARY].includes(option) ? DO : DONT, option];
    return [];
  }

  /** Keys as typed, no Enter. */
  type(keys: string): void {
    this.socket.write(Buffer.from(keys, 'utf8'));
  }

  /** Type a line and press Enter (CR LF, as inetutils telnet in character mode sends it). */
  send(line: string): void {
    this.type(`${line}\r\n`);
  }
}

/**
 * The telnet caller for byte-level tests: a character-mode terminal of a
 * given size that keeps every data byte the board sent (telnet commands
 * taken out) in arrival order, and waits by byte offset in them.
 */
export class TelnetClient extends TelnetCaller {
  /** Data bytes from the board, telnet commands removed, in arrival order. */
  data = Buffer.alloc(0);
  private cursor = 0;

  static async connect(port: number, opts: { host?: string; cols?: number; rows?: number; termType?: string } = {}): Promise<TelnetClient> {
    return TelnetClient.dial({ port, negotiate: true, ...opts });
  }

  protected override received(bytes: Buffer): void {
    this.data = Buffer.concat([this.data, bytes]);
    super.received(bytes);
  }

  /** Everything since the start as UTF-8 text, escapes and all. */
  raw(from = 0): string {
    return this.data.subarray(from).toString('utf8');
  }

  /** Everything as plain text. */
  text(from = 0): string {
    return stripAnsi(this.raw(from));
  }

  /** A position in the byte stream, to look only at what comes after it. */
  mark(): number {
    return this.data.length;
  }

  /** Wait until the plain text after the last match (or `from`) holds `pattern`; returns the byte offset after it. */
  async waitFor(pattern: string | RegExp, opts: { from?: number; timeoutMs?: number } = {}): Promise<number> {
    const from = opts.from ?? this.cursor;
    // Wrapped, since an offset of 0 is falsy.
    const { at } = await until(
      () => `${String(pattern)}; got:\n${this.text(from).slice(-1200)}`,
      () => {
        const found = this.find(pattern, from);
        if (found !== null) return { at: found };
        if (this.closed) throw new Error(`connection closed before ${String(pattern)}; got:\n${this.text(from).slice(-1200)}`);
        return null;
      },
      opts.timeoutMs ?? 5000,
      5,
    );
    this.cursor = at;
    return at;
  }

  /** From the main menu: Q, yes to "Log off?", and wait for the board to hang up. */
  async logOff(): Promise<void> {
    this.type('q');
    await this.waitFor('Log off?');
    this.type('y');
    await this.ended;
  }

  /** A line and Enter (CR LF, as most clients send it). */
  line(text: string): void {
    this.send(text);
  }

  /** Byte offset just past the first match of `pattern` in the data after `from`, or null. */
  private find(pattern: string | RegExp, from: number): number | null {
    // Match on plain text, but map back to bytes by re-stripping growing prefixes only once found.
    const tail = this.raw(from);
    const plain = stripAnsi(tail);
    const m = typeof pattern === 'string' ? (plain.includes(pattern) ? { index: plain.indexOf(pattern), length: pattern.length } : null) : ((r) => (r ? { index: r.index, length: r[0].length } : null))(pattern.exec(plain));
    if (!m) return null;
    const wantPlain = m.index + m.length;
    // Smallest raw prefix whose plain form covers the match.
    let lo = 0;
    let hi = tail.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stripAnsi(tail.slice(0, mid)).length >= wantPlain) hi = mid;
      else lo = mid + 1;
    }
    return from + Buffer.byteLength(tail.slice(0, lo), 'utf8');
  }
}

/** A new account over telnet, in character mode (key prompts take one key, no Enter), left at the main menu's prompt. */
export async function telnetRegister(port: number, name: string, password = 'password1', size: { cols?: number; rows?: number } = {}): Promise<TelnetClient> {
  const c = await TelnetClient.connect(port, size);
  await signUp({ expect: (p) => c.waitFor(p), send: (keys) => c.type(keys), line: (text) => c.line(text) }, name, password, { key: 'y' });
  await c.waitFor(/> $/);
  return c;
}
