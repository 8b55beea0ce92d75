import { SocketCaller, type SocketCallerOptions } from './socket-caller.js';

export interface JsonReply {
  type: 'screen' | 'prompt' | 'exit';
  msg: string;
  pchar?: string;
}

/**
 * A JSON-socket caller speaking the original Python client's bytes, with a
 * chosen source address. Replies are kept as plain text (for waits) and the
 * last one as an object.
 */
export class JsonCaller extends SocketCaller {
  replies = 0;
  last: JsonReply | null = null;
  private buffer = '';

  /** Connect and send the original client's opening "connect" frame. */
  static async dial(opts: SocketCallerOptions): Promise<JsonCaller> {
    const c = new JsonCaller(opts);
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
      const reply = JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as JsonReply;
      this.replies++;
      this.last = reply;
      // A marker after each reply lets a wait tell a prompt from the screens before it.
      this.screen.push(`${reply.msg}${reply.type === 'prompt' ? `${reply.pchar ?? ''}\u0001PROMPT\u0001` : reply.type === 'exit' ? '\u0001EXIT\u0001' : ''}\n`);
    }
  }

  send(msg: string): void {
    this.socket.write(`@bbs ${JSON.stringify({ type: 'msg', msg })}\0`);
  }

  /** Wait for the next prompt whose text holds `text`. */
  prompt(text: string, timeoutMs?: number): Promise<string> {
    return this.screen.until(new RegExp(`${escapeRegExp(text)}[^\\u0001]*\\u0001PROMPT\\u0001`), timeoutMs);
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
