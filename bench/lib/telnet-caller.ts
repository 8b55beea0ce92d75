import { DO, DONT, IAC, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, SB, SE, WILL, WONT } from '../../src/transports/telnet/telnet-codes.js';
import { TelnetParser } from '../../src/transports/telnet/telnet-parser.js';
import { SocketCaller, type SocketCallerOptions } from './socket-caller.js';

export interface TelnetCallerOptions extends SocketCallerOptions {
  /** Answer the board's offer the way a real client does (DO/WILL, NAWS, TTYPE); false: a raw socket that never negotiates. */
  negotiate?: boolean;
  cols?: number;
  rows?: number;
  termType?: string;
  /** Keep no text at all (memory benchmarks with thousands of callers): only count bytes. */
  quiet?: boolean;
}

/**
 * A telnet caller over a real socket. Negotiating, it agrees to what the
 * board offers and reports its window and terminal type, as inetutils telnet
 * does; otherwise it is a bare TCP socket that ignores every command.
 */
export class TelnetCaller extends SocketCaller {
  bytes = 0;
  private readonly parser = new TelnetParser();
  private readonly decoder = new TextDecoder();

  constructor(private readonly opts: TelnetCallerOptions) {
    super(opts);
  }

  static async dial(opts: TelnetCallerOptions): Promise<TelnetCaller> {
    const c = new TelnetCaller(opts);
    await c.connected;
    return c;
  }

  protected onData(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.opts.quiet && !this.opts.negotiate) return;
    const replies: number[] = [];
    for (const e of this.parser.push(chunk)) {
      if (e.type === 'data') {
        if (!this.opts.quiet) this.screen.push(this.decoder.decode(e.bytes, { stream: true }));
      } else if (e.type === 'negotiation' && this.opts.negotiate) replies.push(...this.answer(e.verb, e.option));
      else if (e.type === 'subnegotiation' && this.opts.negotiate && e.option === OPT_TTYPE && e.data[0] === 1) {
        replies.push(IAC, SB, OPT_TTYPE, 0, ...Buffer.from(this.opts.termType ?? 'XTERM-256COLOR'), IAC, SE);
      }
    }
    if (replies.length) this.socket.write(Buffer.from(replies));
  }

  private answer(verb: number, option: number): number[] {
    if (verb === DO) {
      if (option === OPT_NAWS) {
        const cols = this.opts.cols ?? 80;
        const rows = this.opts.rows ?? 24;
        return [IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, cols >> 8, cols & 255, rows >> 8, rows & 255, IAC, SE];
      }
      return [IAC, [OPT_TTYPE, OPT_SGA, OPT_BINARY].includes(option) ? WILL : WONT, option];
    }
    if (verb === WILL) return [IAC, [OPT_ECHO, OPT_SGA, OPT_BINARY].includes(option) ? DO : DONT, option];
    return [];
  }

  /** Type a line and press Enter (CR LF, as inetutils telnet in character mode sends it). */
  send(line: string): void {
    this.socket.write(line + '\r\n');
  }
}
