import { DO, IAC, OPT_TTYPE, SB, SE, WILL } from '../../src/transports/telnet/telnet-codes.js';
import { until } from '../helpers/until.js';
import { SocketCaller } from './socket-caller.js';
import { nawsReport, terminalTypeIs } from './telnet.js';

const DO_TTYPE = Buffer.from([IAC, DO, OPT_TTYPE]);
const TTYPE_SEND = Buffer.from([IAC, SB, OPT_TTYPE, 1, IAC, SE]);

/**
 * A telnet caller that keeps everything the board sends as bytes, commands
 * and all, for byte-exact checks of the negotiation itself. It answers only
 * what a real terminal must for the board to know it: its terminal type on
 * request, and its window size.
 */
export class RawTelnet extends SocketCaller {
  bytes = Buffer.alloc(0);
  private answeredType = false;

  private constructor(
    port: number,
    private readonly termType: string | null,
    private readonly size: [number, number] | null,
  ) {
    super({ port });
  }

  static async open(port: number, opts: { termType?: string; size?: [number, number] } = {}): Promise<RawTelnet> {
    const c = new RawTelnet(port, opts.termType ?? null, opts.size ?? null);
    await c.connected;
    return c;
  }

  protected onData(chunk: Buffer): void {
    this.bytes = Buffer.concat([this.bytes, chunk]);
    this.negotiate();
  }

  private negotiate(): void {
    if (this.termType && !this.answeredType && this.bytes.includes(DO_TTYPE)) {
      this.answeredType = true;
      this.socket.write(Buffer.from([IAC, WILL, OPT_TTYPE]));
      if (this.size) this.socket.write(Buffer.from(nawsReport(...this.size)));
    }
    let at = this.bytes.indexOf(TTYPE_SEND);
    while (at !== -1 && this.termType) {
      this.socket.write(Buffer.from(terminalTypeIs(this.termType)));
      // Marked as answered, so the next search finds only a new request.
      this.bytes = Buffer.concat([this.bytes.subarray(0, at), Buffer.from('[ttype sent]'), this.bytes.subarray(at + TTYPE_SEND.length)]);
      at = this.bytes.indexOf(TTYPE_SEND);
    }
  }

  /** Wait until the bytes received hold `needle`; returns when it first appeared. */
  async waitFor(needle: Buffer | string, timeoutMs = 5000): Promise<number> {
    const n = typeof needle === 'string' ? Buffer.from(needle) : needle;
    const started = Date.now();
    await until(() => `${JSON.stringify(needle.toString())} in ${JSON.stringify(this.bytes.toString('latin1').slice(-600))}`, () => this.bytes.includes(n), timeoutMs, 5);
    return Date.now() - started;
  }

  /** Bytes as typed, one byte a character. */
  type(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }
}
