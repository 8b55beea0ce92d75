import { SocketCaller, socketOptions, type SocketCallerOptions } from './socket-caller.js';
import { stripAnsi } from './text-stream.js';
import { until } from '../helpers/until.js';

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
 * A JSON-socket caller speaking the original Python client's bytes, from a
 * chosen source address if need be. Replies go to the screen as plain text
 * with a marker after each prompt and exit, so a wait can tell a prompt from
 * the screens before it; nothing else is kept, so thousands of these stay
 * cheap under load.
 */
export class JsonCaller extends SocketCaller {
  private buffer = '';

  /** Connect and send the original client's opening "connect" frame. */
  static async dial<T extends JsonCaller>(this: new (opts: SocketCallerOptions) => T, to: number | SocketCallerOptions, host?: string): Promise<T> {
    const c = new this(socketOptions(to, host));
    await c.connected;
    c.send('connect');
    return c;
  }

  protected onData(chunk: Buffer): void {
    this.buffer += chunk.toString('latin1');
    let nul: number;
    while ((nul = this.buffer.indexOf('\0')) !== -1) {
      const b64 = this.buffer.slice(0, nul);
      this.buffer = this.buffer.slice(nul + 1);
      this.onReply(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as Reply);
    }
  }

  protected onReply(reply: Reply): void {
    this.screen.push(`${reply.msg}${reply.type === 'prompt' ? `${reply.pchar ?? ''}\u0001PROMPT\u0001` : reply.type === 'exit' ? '\u0001EXIT\u0001' : ''}\n`);
  }

  send(msg: string): void {
    this.socket.write(frame(msg));
  }

  /** Bytes as they are, framed or not. */
  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Wait for the next prompt whose text holds `text`. */
  prompt(text: string | RegExp, timeoutMs?: number): Promise<string> {
    const holds = typeof text === 'string' ? escapeRegExp(text) : text.source;
    return this.screen.until(new RegExp(`${holds}[^\\u0001]*\\u0001PROMPT\\u0001`), timeoutMs);
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The JSON-socket caller for tests that look at whole replies: every reply
 * is kept as the object the board sent, and waits match on type and text.
 * Its waits keep their own place in the replies, apart from the screen's.
 */
export class JsonClient extends JsonCaller {
  readonly replies: Reply[] = [];
  private cursor = 0;

  /** Connect without the opening frame, for tests of what comes first. */
  static async connect(port: number, host = '127.0.0.1'): Promise<JsonClient> {
    const c = new JsonClient({ port, host });
    await c.connected;
    return c;
  }

  protected override onReply(reply: Reply): void {
    this.replies.push(reply);
    super.onReply(reply);
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

  /** Wait for the line editor's prompt for line `n` of a message (the number is in the prompt's pchar). */
  linePrompt(n: number, timeoutMs?: number): Promise<Reply> {
    return this.waitFor((r) => r.type === 'prompt' && stripAnsi(r.pchar ?? '').trim() === `${n}:`, timeoutMs);
  }

  /** Wait for the next prompt, then answer it. */
  async answer(promptText: string | RegExp, line: string): Promise<void> {
    await this.expect(promptText, 'prompt');
    this.send(line);
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

/**
 * From the main menu, one public message "msg TOKEN": the token goes onto
 * `acked` the moment the board says it was posted, then back at the menu.
 */
export async function postToken(c: JsonClient, token: string, acked: string[]): Promise<void> {
  c.send('1');
  await c.answer('Subject:', '');
  await c.expect('Type your message', undefined, 10_000);
  c.send(`msg ${token}`);
  c.send('.');
  await c.expect(/Message #\d+ posted/, undefined, 10_000);
  acked.push(token);
  await c.expect('MAIN MENU', 'prompt', 10_000);
}

/**
 * A caller who signs up as `name` and posts "msg TOKEN" messages (tokens
 * `PREFIX-0`, `PREFIX-1`...) back to back until `stop()` says so, pushing
 * each token onto `acked` once the board said it was posted.
 */
export async function postUntilStopped(port: number, who: { name: string; password: string; prefix: string }, acked: string[], stop: () => boolean): Promise<void> {
  const c = await JsonClient.dial(port);
  try {
    await registerAndEnter(c, who.name, who.password);
    for (let i = 0; !stop(); i++) {
      await postToken(c, `${who.prefix}-${i}`, acked);
    }
  } finally {
    c.close();
  }
}
