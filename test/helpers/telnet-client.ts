import { connect, type Socket } from 'node:net';
import { stripAnsi } from './pty.js';
import { signUp } from './terminal-login.js';
import { until } from './until.js';

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const ECHO = 1;
const SGA = 3;
const TTYPE = 24;
const NAWS = 31;
const BINARY = 0;

/**
 * A raw telnet caller for byte-level tests: answers the board's option
 * negotiation like a character-mode terminal of a given size (server echo,
 * no go-ahead, NAWS, TTYPE), keeps every data byte the board sent with the
 * telnet commands taken out, and types keys.
 */
export class TelnetClient {
  /** Data bytes from the board, telnet commands removed, in arrival order. */
  data = Buffer.alloc(0);
  closed = false;
  readonly ended: Promise<void>;
  private cursor = 0;
  private state: 'data' | 'iac' | 'verb' | 'sb' | 'sb-iac' = 'data';
  private verb = 0;
  private sb: number[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly size: { cols: number; rows: number; termType: string },
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    this.ended = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static async connect(port: number, opts: { host?: string; cols?: number; rows?: number; termType?: string } = {}): Promise<TelnetClient> {
    const socket = connect(port, opts.host ?? '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new TelnetClient(socket, { cols: opts.cols ?? 80, rows: opts.rows ?? 24, termType: opts.termType ?? 'XTERM-256COLOR' });
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

  /** Keys as typed, no Enter. */
  /** From the main menu: Q, yes to "Log off?", and wait for the board to hang up. */
  async logOff(): Promise<void> {
    this.type('q');
    await this.waitFor('Log off?');
    this.type('y');
    await this.ended;
  }

  type(keys: string): void {
    this.socket.write(Buffer.from(keys, 'utf8'));
  }

  /** A line and Enter (CR LF, as most clients send it). */
  line(text: string): void {
    this.type(`${text}\r\n`);
  }

  close(): void {
    this.socket.destroy();
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

  private receive(chunk: Buffer): void {
    const data: number[] = [];
    const reply: number[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case 'data':
          if (b === IAC) this.state = 'iac';
          else data.push(b);
          break;
        case 'iac':
          if (b === IAC) {
            data.push(IAC);
            this.state = 'data';
          } else if (b === SB) {
            this.sb = [];
            this.state = 'sb';
          } else if (b >= WILL && b <= DONT) {
            this.verb = b;
            this.state = 'verb';
          } else this.state = 'data';
          break;
        case 'verb':
          reply.push(...this.negotiate(this.verb, b));
          this.state = 'data';
          break;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          else if (this.sb.length < 64) this.sb.push(b);
          break;
        case 'sb-iac':
          if (b === SE) {
            reply.push(...this.subnegotiate(this.sb));
            this.state = 'data';
          } else {
            this.sb.push(b);
            this.state = 'sb';
          }
          break;
      }
    }
    if (data.length) this.data = Buffer.concat([this.data, Buffer.from(data)]);
    if (reply.length && !this.socket.destroyed) this.socket.write(Buffer.from(reply));
  }

  private negotiate(verb: number, option: number): number[] {
    if (verb === WILL) return [IAC, [ECHO, SGA, BINARY].includes(option) ? DO : DONT, option];
    if (verb === DO) {
      if (option === NAWS) {
        const { cols, rows } = this.size;
        return [IAC, WILL, NAWS, IAC, SB, NAWS, cols >> 8, cols & 255, rows >> 8, rows & 255, IAC, SE];
      }
      return [IAC, [TTYPE, SGA, BINARY].includes(option) ? WILL : WONT, option];
    }
    return [];
  }

  private subnegotiate(sb: number[]): number[] {
    // TTYPE SEND (1): answer IS (0) with our terminal type.
    if (sb[0] === TTYPE && sb[1] === 1) return [IAC, SB, TTYPE, 0, ...Buffer.from(this.size.termType, 'ascii'), IAC, SE];
    return [];
  }
}

/** A new account over telnet, in character mode (key prompts take one key, no Enter), left at the main menu's prompt. */
export async function telnetRegister(port: number, name: string, password = 'password1', size: { cols?: number; rows?: number } = {}): Promise<TelnetClient> {
  const c = await TelnetClient.connect(port, size);
  await signUp({ expect: (p) => c.waitFor(p), send: (keys) => c.type(keys), line: (text) => c.line(text) }, name, password, { key: 'y' });
  await c.waitFor(/> $/);
  return c;
}
