import { connect, type Socket } from 'node:net';
import { until } from './until.js';

const IAC = 255, SB = 250, SE = 240, WILL = 251, DO = 253, TTYPE = 24, NAWS = 31;

/**
 * A telnet caller on a raw socket that answers the board's negotiation like
 * a real terminal would: its terminal type on request, and its window size.
 * Everything the board sends is kept as bytes for byte-exact checks.
 */
export class RawTelnet {
  bytes = Buffer.alloc(0);
  readonly closed: Promise<void>;
  private answeredType = false;

  private constructor(
    readonly socket: Socket,
    private readonly termType: string | null,
    private readonly size: [number, number] | null,
  ) {
    socket.on('data', (d: Buffer) => {
      this.bytes = Buffer.concat([this.bytes, d]);
      this.negotiate();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static async open(port: number, opts: { termType?: string; size?: [number, number] } = {}): Promise<RawTelnet> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawTelnet(socket, opts.termType ?? null, opts.size ?? null);
  }

  private negotiate(): void {
    if (this.termType && !this.answeredType && this.bytes.includes(Buffer.from([IAC, DO, TTYPE]))) {
      this.answeredType = true;
      this.socket.write(Buffer.from([IAC, WILL, TTYPE]));
      if (this.size) {
        const [w, h] = this.size;
        this.socket.write(Buffer.from([IAC, WILL, NAWS, IAC, SB, NAWS, w >> 8, w & 255, h >> 8, h & 255, IAC, SE]));
      }
    }
    const send = Buffer.from([IAC, SB, TTYPE, 1, IAC, SE]);
    let at = this.bytes.indexOf(send);
    while (at !== -1 && this.termType) {
      this.socket.write(Buffer.concat([Buffer.from([IAC, SB, TTYPE, 0]), Buffer.from(this.termType, 'latin1'), Buffer.from([IAC, SE])]));
      this.bytes = Buffer.concat([this.bytes.subarray(0, at), Buffer.from('[ttype sent]'), this.bytes.subarray(at + send.length)]);
      at = this.bytes.indexOf(send);
    }
  }

  /** Wait until the bytes received hold `needle`; returns when it first appeared. */
  async waitFor(needle: Buffer | string, timeoutMs = 5000): Promise<number> {
    const n = typeof needle === 'string' ? Buffer.from(needle) : needle;
    const started = Date.now();
    await until(() => `${JSON.stringify(needle.toString())} in ${JSON.stringify(this.bytes.toString('latin1').slice(-600))}`, () => this.bytes.includes(n), timeoutMs, 5);
    return Date.now() - started;
  }

  type(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  close(): void {
    this.socket.destroy();
  }
}
