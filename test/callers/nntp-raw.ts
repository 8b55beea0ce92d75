import { SocketCaller, socketOptions, type SocketCallerOptions } from './socket-caller.js';

/** A newsreader's socket with no newsreader behind it: raw bytes out, the server's lines read as UTF-8 text. */
export class NntpRawCaller extends SocketCaller {
  private readonly decoder = new TextDecoder();

  static async dial(to: number | SocketCallerOptions): Promise<NntpRawCaller> {
    const caller = new NntpRawCaller(socketOptions(to));
    await caller.connected;
    return caller;
  }

  protected onData(chunk: Buffer): void {
    this.screen.push(this.decoder.decode(chunk, { stream: true }));
  }

  send(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }
}
