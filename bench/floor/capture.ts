import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IAC, SB, SE } from '../../src/transports/telnet/telnet-codes.js';
import { TTYPE_SEND_BYTES } from '../../src/transports/telnet/ttype.js';
import { telnetLogIn } from '../../test/callers/log-in.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import { stripAnsi } from '../../test/callers/text-stream.js';
import { until } from '../../test/helpers/until.js';

/** The name prompt that ends the banner, and the main menu's redrawn prompt that ends the answer to `?`. */
export const NAME_PROMPT = "Who's calling?";
export const MENU_ANSWER = /MAIN MENU[\s\S]*?UTC\s*> /;

/** Output is over once nothing more arrives for this long (the board sends a screen in one tick). */
const QUIET_MS = 300;

/**
 * The load clients' telnet caller (80x24, XTERM-256COLOR, negotiating) that
 * also keeps every byte it receives, telnet commands and all, in order.
 */
export class RecordingCaller extends TelnetCaller {
  private chunks: Buffer[] = [];
  private size = 0;
  private lastAt = performance.now();

  constructor(port: number) {
    super({ port, negotiate: true, cols: 80, rows: 24, termType: 'XTERM-256COLOR' });
  }

  protected override onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.lastAt = performance.now();
    super.onData(chunk);
  }

  /** How many bytes have arrived: a mark to take what comes after it. */
  mark(): number {
    return this.size;
  }

  /** Every byte since `from`. */
  since(from = 0): Buffer {
    return Buffer.concat(this.chunks).subarray(from);
  }

  /**
   * Wait for `text` in what arrived since `from`, then for the output to
   * pause: the whole screen it ends has arrived. It reads the bytes kept
   * here, not the screen's text, so a later wait on the screen (a login's
   * for the name prompt) still finds it.
   */
  async settle(text: string | RegExp, from = 0, timeoutMs = 15_000): Promise<void> {
    const seen = (): boolean => {
      const plain = stripAnsi(this.since(from).toString('utf8'));
      return typeof text === 'string' ? plain.includes(text) : text.test(plain);
    };
    await until(() => `${String(text)} in ${JSON.stringify(stripAnsi(this.since(from).toString('utf8')).slice(-600))}`, seen, timeoutMs, 20);
    await this.quiet(timeoutMs);
  }

  /** Wait until nothing has arrived for a moment. */
  async quiet(timeoutMs = 15_000): Promise<void> {
    await until('the output to pause', () => performance.now() - this.lastAt >= QUIET_MS, timeoutMs, 20);
  }
}

/** What the floor replays: the offer sent on connect, the banner up to the name prompt, and the main menu drawn again. */
export interface FloorBytes {
  offer: Buffer;
  banner: Buffer;
  menu: Buffer;
}

/** The length of the telnet commands at the head of `bytes` (the negotiation, before the first data byte). */
export function negotiationLength(bytes: Buffer): number {
  let i = 0;
  while (i + 1 < bytes.length && bytes[i] === IAC && bytes[i + 1] !== IAC) {
    if (bytes[i + 1] === SB) {
      const end = bytes.indexOf(Buffer.from([IAC, SE]), i + 2);
      if (end === -1) break;
      i = end + 2;
    } else i += 3;
  }
  return Math.min(i, bytes.length);
}

/** The negotiation without the TTYPE SENDs, which the board sends in answer to the client, not on connect. */
function offerOf(negotiation: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = negotiation.indexOf(TTYPE_SEND_BYTES); at !== -1; at = negotiation.indexOf(TTYPE_SEND_BYTES, from)) {
    parts.push(negotiation.subarray(from, at));
    from = at + TTYPE_SEND_BYTES.length;
  }
  parts.push(negotiation.subarray(from));
  return Buffer.concat(parts);
}

/** One call up to the name prompt: everything received, the negotiation and the banner apart. */
export async function callToNamePrompt(port: number): Promise<{ caller: RecordingCaller; negotiation: Buffer; banner: Buffer }> {
  const caller = new RecordingCaller(port);
  try {
    await caller.settle(NAME_PROMPT);
  } catch (err) {
    caller.close();
    throw err;
  }
  const all = caller.since();
  const split = negotiationLength(all);
  return { caller, negotiation: all.subarray(0, split), banner: all.subarray(split) };
}

/** Press `?` and take the bytes that answer it, up to the redrawn menu's prompt and the pause after it. */
export async function answerToQuestionMark(caller: RecordingCaller): Promise<Buffer> {
  const from = caller.mark();
  caller.type('?');
  await caller.settle(MENU_ANSWER, from);
  return caller.since(from);
}

/**
 * Record from the real board what the floor replays: a call to the name
 * prompt, then a login as `name` to the main menu and the answer to `?`.
 * The files go in `dir` (offer.bin, banner.bin, menu.bin) for floor-server.ts.
 */
export async function captureFloorBytes(port: number, name: string, password: string, dir: string): Promise<FloorBytes> {
  const { caller, negotiation, banner } = await callToNamePrompt(port);
  try {
    await telnetLogIn(caller, name, password);
    await caller.quiet();
    const menu = await answerToQuestionMark(caller);
    const bytes = { offer: offerOf(negotiation), banner, menu };
    await mkdir(dir, { recursive: true });
    await Promise.all(Object.entries(bytes).map(([file, b]) => writeFile(join(dir, `${file}.bin`), b)));
    return bytes;
  } finally {
    caller.close();
  }
}
