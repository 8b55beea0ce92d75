import { connect, type Socket } from 'node:net';
import { stripAnsi } from './pty.js';
import { until } from './until.js';

export interface Reply {
  type: 'screen' | 'prompt' | 'exit';
  msg: string;
  pchar?: string;
}

/** Encode one client frame the way the original client does. */
export function frame(msg: string, path = '@bbs', type = 'msg'): Buffer {
  return Buffer.from(`${path} ${JSON.stringify({ type, msg })}\0`, 'utf8');
}

/**
 * A JSON-socket caller in TypeScript speaking the original client's bytes,
 * for fast tests: send lines, wait for replies.
 */
export class JsonClient {
  readonly replies: Reply[] = [];
  private buffer = Buffer.alloc(0);
  private cursor = 0;
  closed = false;
  readonly socket: Socket;
  readonly ended: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', () => {});
    this.ended = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<JsonClient> {
    const socket = connect(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new JsonClient(socket);
  }

  /** Connect and send the original client's opening "connect" frame. */
  static async dial(port: number, host = '127.0.0.1'): Promise<JsonClient> {
    const c = await JsonClient.connect(port, host);
    c.send('connect');
    return c;
  }

  private onData(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    let nul: number;
    while ((nul = this.buffer.indexOf(0)) !== -1) {
      const b64 = this.buffer.subarray(0, nul).toString('latin1');
      this.buffer = this.buffer.subarray(nul + 1);
      this.replies.push(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Reply);
    }
  }

  send(msg: string): void {
    this.socket.write(frame(msg));
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Next reply (after the last one waited for) matching, with the plain text of its message. */
  async waitFor(match: (r: Reply, plain: string) => boolean, timeoutMs = 5000): Promise<Reply> {
    const next = (): Reply | undefined => {
      while (this.cursor < this.replies.length) {
        const r = this.replies[this.cursor++]!;
        if (match(r, stripAnsi(r.msg))) return r;
      }
      if (this.closed) throw new Error('connection closed while waiting for a reply');
      return undefined;
    };
    return until(() => `a matching reply; last replies: ${JSON.stringify(this.replies.slice(-4).map((r) => ({ ...r, msg: stripAnsi(r.msg) })))}`, next, timeoutMs, 5);
  }

  /** Wait for a reply whose text holds `text`, optionally of a given type. */
  expect(text: string | RegExp, type?: Reply['type'], timeoutMs?: number): Promise<Reply> {
    return this.waitFor((r, plain) => (type === undefined || r.type === type) && (typeof text === 'string' ? plain.includes(text) : text.test(plain)), timeoutMs);
  }

  /** Wait for the next prompt, then answer it. */
  async answer(promptText: string | RegExp, line: string): Promise<void> {
    await this.expect(promptText, 'prompt');
    this.send(line);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Register a new account (or log in) and reach the main menu. */
export async function registerAndEnter(c: JsonClient, name: string, password: string): Promise<void> {
  await c.answer("Who's calling?", name);
  await c.answer('Password:', password);
  await c.answer('once more', password);
  await c.answer('go on?', 'y');
  await c.expect('MAIN MENU', 'prompt');
}

export async function logInAndEnter(c: JsonClient, name: string, password: string): Promise<void> {
  await c.answer("Who's calling?", name);
  await c.answer('Password:', password);
  await c.answer('go on?', 'y');
  await c.expect('MAIN MENU', 'prompt');
}
