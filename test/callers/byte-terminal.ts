import ssh2 from 'ssh2';
import WebSocket from 'ws';
import { stripAnsi } from './text-stream.js';
import { until } from '../helpers/until.js';

/**
 * A caller's terminal as bytes: everything the board sent, kept raw, and
 * keys written raw. For checks that must see every byte value (a door's
 * 8-bit output) on wires other than telnet: an SSH channel, a browser's
 * WebSocket. Waits look at the text from a mark, so binary output before
 * it cannot throw them off.
 */
export abstract class ByteTerminal {
  data = Buffer.alloc(0);
  private cursor = 0;

  protected received(bytes: Buffer): void {
    this.data = Buffer.concat([this.data, bytes]);
  }

  abstract write(bytes: Buffer | string): void;
  abstract close(): void;

  mark(): number {
    return this.data.length;
  }

  text(from = 0): string {
    return stripAnsi(this.data.subarray(from).toString('latin1'));
  }

  /** Wait until the text after `from` (default: the end of the last wait) holds `pattern`; the next wait starts where the data then ended. */
  async waitFor(pattern: string | RegExp, opts: { from?: number; timeoutMs?: number } = {}): Promise<void> {
    const from = opts.from ?? this.cursor;
    const latin = typeof pattern === 'string' ? Buffer.from(pattern, 'utf8').toString('latin1') : pattern;
    await until(
      () => `${String(pattern)}; got:\n${this.text(from).slice(-800)}`,
      () => (typeof latin === 'string' ? this.text(from).includes(latin) : latin.test(this.text(from))),
      opts.timeoutMs ?? 20_000,
      10,
    );
    this.cursor = this.data.length;
  }
}

/** `ssh bbs@host` with a pty, through ssh2's client. */
export class SshBytes extends ByteTerminal {
  private constructor(
    private readonly client: ssh2.Client,
    private readonly channel: ssh2.ClientChannel,
  ) {
    super();
    channel.on('data', (d: Buffer) => this.received(d));
  }

  static dial(port: number, user = 'bbs'): Promise<SshBytes> {
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      client.on('error', reject);
      client.on('ready', () =>
        client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, (err, channel) => (err ? reject(err) : resolve(new SshBytes(client, channel)))),
      );
      client.connect({ host: '127.0.0.1', port, username: user, tryKeyboard: false, hostVerifier: () => true, readyTimeout: 10_000 });
    });
  }

  write(bytes: Buffer | string): void {
    this.channel.write(bytes);
  }

  /** The caller's window changed (SSH's window-change request). */
  resize(cols: number, rows: number): void {
    this.channel.setWindow(rows, cols, 0, 0);
  }

  close(): void {
    this.client.end();
  }
}

/** The browser page's protocol: a size to dial with, keys as binary frames, the terminal's bytes back as binary frames. */
export class WebSocketBytes extends ByteTerminal {
  private constructor(private readonly ws: WebSocket) {
    super();
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) this.received(data);
    });
  }

  static dial(port: number): Promise<WebSocketBytes> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
      ws.once('error', reject);
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'resize', cols: 80, rows: 24 }));
        resolve(new WebSocketBytes(ws));
      });
    });
  }

  write(bytes: Buffer | string): void {
    this.ws.send(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, { binary: true });
  }

  close(): void {
    this.ws.close();
  }
}
