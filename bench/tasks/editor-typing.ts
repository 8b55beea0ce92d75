import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { sleep } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import { telnetLogIn } from '../../test/callers/log-in.js';
import type { TaskContext } from './index.js';
import { pool } from './pace.js';

export interface EditorTypingParams {
  port: number;
  /** Account numbers to log in as, one caller each. */
  accounts: number[];
  /** One more account that opens the editor before the others log in, so the editor's first use is not charged to them. */
  warmAccount?: number;
  intervalMs: number;
  durationMs: number;
}

export interface EditorTypingResult {
  atMenu: number;
  inEditor: number;
  /** Key to echo, for each printable key typed (ms). */
  echoes: number[];
  /** Every key typed while timing: the printable ones and the Enters and Ctrl-Us between them. */
  keys: number;
  /** Bytes the board sent these callers while they typed (telnet commands included). */
  bytes: number;
  errors: string[];
}

/**
 * What each caller types: lower-case letters that neither the status row
 * ("Ln 1/50  Col 1/200  INS  ^G help  ^Z save ...") nor the final byte of an
 * escape sequence (H, m, K, J, h, l, f ...) holds, so a reply that carries
 * the letter carries it in the text row.
 */
const KEYS = 'jkwxyz';
/** Letters on a line before Enter: well inside the 80 columns, so a key never wraps the word. */
const LINE = 40;
/** Lines written before the last one is cut (Ctrl-U) and written again, far from the 50-line cap. */
const LINES = 10;
const ENTER = '\r';
const CTRL_U = '\x15';
/** The status row of a cursor at the start of a line: what Enter and Ctrl-U draw. */
const AT_LINE_START = /Col 1\//;
/** The editor is on the screen: its status row, fresh. */
const EDITOR_OPEN = /Ln 1\/\d+ +Col 1\/\d+ +INS/;

/**
 * A telnet caller that, once typing, keeps none of what arrives: it only
 * looks for what the key it is timing should bring back, in what came after
 * the key (a short bounded tail), and notes when that arrived.
 */
class EditorTypist extends TelnetCaller {
  private readonly typingDecoder = new TextDecoder();
  private watch: { match: (tail: string) => boolean; tail: string; done: (at: number) => void } | null = null;
  typing = false;

  protected override received(bytes: Buffer): void {
    if (!this.typing) return super.received(bytes);
    const w = this.watch;
    const text = this.typingDecoder.decode(bytes, { stream: true });
    if (!w) return;
    w.tail = (w.tail + text).slice(-400);
    if (w.match(w.tail)) {
      this.watch = null;
      w.done(performance.now());
    }
  }

  /** Type `key` and resolve with the time from the write to the first bytes holding what `match` wants. */
  press(key: string, match: (tail: string) => boolean, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.watch = null;
        reject(new Error(`no reply to ${JSON.stringify(key)} in ${timeoutMs} ms`));
      }, timeoutMs);
      const sent = performance.now();
      this.watch = {
        match,
        tail: '',
        done: (at) => {
          clearTimeout(timer);
          resolve(at - sent);
        },
      };
      this.socket.write(key);
    });
  }
}

const typist = (port: number, account: number): EditorTypist => new EditorTypist({ port, negotiate: true, localAddress: callerAddress(account) });

/** From the main menu: leave a message (`1`), give a subject, and the full-screen editor opens. */
async function openEditor(c: EditorTypist): Promise<void> {
  c.type('1');
  await c.until('Subject:', 30_000);
  c.send('Bench');
  await c.until(EDITOR_OPEN, 30_000);
  c.typing = true;
}

/**
 * Callers in the full-screen editor, each typing five keys a second: a
 * letter's echo (the changed text row and the status row) is timed from the
 * write to the first bytes that hold the letter. Phases, each on the
 * benchmark's word: log in and wait at the main menu; open the editor; type
 * for `durationMs`.
 */
export async function editorTyping(p: EditorTypingParams, ctx: TaskContext): Promise<EditorTypingResult> {
  const errors: string[] = [];
  const fail = (err: unknown): void => {
    if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
  };
  if (p.warmAccount !== undefined) {
    // Stays in the editor throughout: counted in both memory figures alike.
    const warm = typist(p.port, p.warmAccount);
    await telnetLogIn(warm, callerName(p.warmAccount), BENCH_PASSWORD, 120_000);
    await openEditor(warm);
    for (const key of KEYS) await warm.press(key, (tail) => tail.includes(key), 10_000);
  }
  const callers: EditorTypist[] = [];
  await pool(p.accounts.length, 20, async (i) => {
    const c = typist(p.port, p.accounts[i]!);
    try {
      await telnetLogIn(c, callerName(p.accounts[i]!), BENCH_PASSWORD, 120_000);
      callers.push(c);
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  ctx.ready({ atMenu: callers.length });
  await ctx.go();
  const writing: EditorTypist[] = [];
  await pool(callers.length, 20, async (i) => {
    const c = callers[i]!;
    try {
      await openEditor(c);
      writing.push(c);
    } catch (err) {
      fail(err);
      c.close();
    }
  });
  ctx.ready({ inEditor: writing.length });
  await ctx.go();
  const echoes: number[] = [];
  const bytesBefore = writing.reduce((n, c) => n + c.bytes, 0);
  const end = performance.now() + p.durationMs;
  const keys = await Promise.all(writing.map((c) => typeAway(c, () => performance.now() >= end, p.intervalMs, echoes, fail)));
  const bytes = writing.reduce((n, c) => n + c.bytes, 0) - bytesBefore;
  for (const c of callers) c.close();
  return { atMenu: callers.length, inEditor: writing.length, echoes, keys: keys.reduce((a, b) => a + b, 0), bytes, errors };
}

/** One caller's typing: letters, Enter after each LINE of them, and past LINES lines Ctrl-U instead, one key per interval. Returns the keys typed. */
async function typeAway(c: EditorTypist, done: () => boolean, intervalMs: number, echoes: number[], fail: (err: unknown) => void): Promise<number> {
  await sleep(Math.random() * intervalMs);
  let col = 0;
  let line = 0;
  let n = 0;
  for (; !done(); n++) {
    const sent = performance.now();
    try {
      if (col < LINE) {
        const key = KEYS[col % KEYS.length]!;
        echoes.push(await c.press(key, (tail) => tail.includes(key), 10_000));
        col++;
      } else {
        // Enter starts a line; once there are LINES of them, Ctrl-U cuts this one and it is written again.
        await c.press(line < LINES ? ENTER : CTRL_U, (tail) => AT_LINE_START.test(tail), 10_000);
        if (line < LINES) line++;
        col = 0;
      }
    } catch (err) {
      fail(err);
      return n;
    }
    await sleep(Math.max(0, sent + intervalMs - performance.now()));
  }
  return n;
}
