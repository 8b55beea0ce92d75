import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LrzszTelnet } from '../../test/callers/lrzsz-caller.js';
import { telnetLogIn } from '../../test/callers/log-in.js';
import { BENCH_PASSWORD, callerName } from '../lib/accounts.js';
import { callerAddress } from '../lib/loopback.js';
import { receivedProblem } from '../lib/received-file.js';
import { sleep } from '../lib/stats.js';
import type { TaskContext } from './index.js';

export interface ZmodemDownloadParams {
  port: number;
  /** Account numbers, one caller each. */
  accounts: number[];
  /** The file's name in the area (the only file there). */
  file: string;
  size: number;
  /** Each caller's rz writes into a folder of its own under this one. */
  folder: string;
  /** Check each whole download against this SHA-256; null: its size only (hashing hundreds of MiB would load the cores being measured). */
  sha256: string | null;
  /** False: one download each. True: download again and again until the benchmark's next word. */
  loop: boolean;
}

export interface ZmodemDownload {
  /** From the first ZMODEM header that reached the caller to rz's exit. */
  ms: number;
  bytes: number;
}

export interface ZmodemDownloadsResult {
  /** Downloads that ended with rz exiting 0 and the file whole. */
  downloads: ZmodemDownload[];
  /** Every byte the callers' rz programs were given while transfers ran, finished or not. */
  bytes: number;
  /** From the word to start to the word to stop (or the last download's end). */
  spanMs: number;
  errors: string[];
}

/** Every thread of this process (the collector's helpers too, which setPriority(0) alone leaves as they were) at `niceness`. */
function lowerEveryThread(niceness: number): void {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      setPriority(Number(tid), niceness);
    } catch {
      // A thread that ended meanwhile.
    }
  }
}

/** An Enter right after a hot key is taken for the key's own line end and dropped: a real caller types slower. */
const afterHotKey = (): Promise<void> => sleep(650);

/**
 * A telnet caller in BINARY whose terminal program is lrzsz (test/callers/lrzsz-caller.ts),
 * counting what reaches its program and when the first ZMODEM header came.
 */
class ZmodemCaller extends LrzszTelnet {
  moved = 0;
  firstHeaderAt = 0;
  private counting = false;

  static async dialAs(port: number, account: number): Promise<ZmodemCaller> {
    const c = await ZmodemCaller.dial({ port, negotiate: true, cols: 100, rows: 40, localAddress: callerAddress(account) });
    // BINARY both ways, as LrzszTelnet.open sets it.
    c.parser.keepNulAfterCr = true;
    return c;
  }

  watch(on: boolean): void {
    this.counting = on;
    if (on) this.firstHeaderAt = 0;
  }

  protected override received(bytes: Buffer): void {
    if (this.counting) {
      this.moved += bytes.length;
      // ZDLE (0x18) opens every ZMODEM header; the board's screens never hold it.
      if (this.firstHeaderAt === 0 && bytes.includes(0x18)) this.firstHeaderAt = performance.now();
    }
    super.received(bytes);
  }
}

/** From the main menu to the area's list, and the file's number there. */
async function toArea(c: ZmodemCaller, file: string): Promise<string> {
  c.type('F');
  await c.waitFor('Area number', { timeoutMs: 30_000 });
  await c.waitFor(/> $/);
  await afterHotKey();
  c.line('1');
  await c.waitFor('File number', { timeoutMs: 30_000 });
  await c.waitFor(/> $/);
  const list = c.text(0).slice(c.text(0).lastIndexOf('GENERAL FILES'));
  const num = new RegExp(`\\[ ?(\\d+)\\] ${file.replace(/\./g, '\\.')} `).exec(list)?.[1];
  if (!num) throw new Error(`${file} is not listed`);
  return num;
}

/**
 * One ZMODEM download from the area's list, back at the list afterwards; null
 * when `stop` came first (rz is killed and the caller hangs up mid-transfer).
 */
async function downloadOnce(c: ZmodemCaller, num: string, p: ZmodemDownloadParams, dir: string, stop: Promise<void>): Promise<ZmodemDownload | null> {
  c.line(num);
  await c.waitFor('D download', { timeoutMs: 30_000 });
  await c.waitFor(/> $/);
  c.type('D');
  await c.waitFor('Protocol', { timeoutMs: 30_000 });
  await c.waitFor(/> $/);
  await rm(join(dir, p.file), { force: true });
  // Callers beside the measured ones stand for programs on other machines: they take what the cores spare.
  const exit = c.arm([...(p.loop ? ['nice', '-n', '19'] : []), 'rz', '--binary', '--quiet'], dir);
  c.watch(true);
  c.type('Z');
  const stopped = await Promise.race([exit.then(() => false), stop.then(() => true)]);
  if (stopped) {
    c.killProgram('SIGKILL');
    await exit;
    return null;
  }
  const code = await exit;
  const ended = performance.now();
  c.watch(false);
  if (code !== 0) throw new Error(`rz exited ${code}`);
  const problem = await receivedProblem(join(dir, p.file), p.size, p.sha256);
  if (problem) throw new Error(problem);
  const download = { ms: ended - c.firstHeaderAt, bytes: p.size };
  await c.waitFor(/Sent: |Nothing was sent/, { timeoutMs: 30_000 });
  await c.waitFor('Enter to go back');
  await c.waitFor(/> $/);
  await afterHotKey();
  c.type('\r');
  await c.waitFor('File number', { timeoutMs: 30_000 });
  await c.waitFor(/> $/);
  return download;
}

/**
 * Callers logged in and at the file area's list; on the benchmark's word
 * each downloads the file by ZMODEM with a real `rz`, once or (loop) again
 * and again until the next word. Ready again once every caller's first
 * transfer is streaming, so the benchmark can time what runs beside them.
 */
export async function zmodemDownloads(p: ZmodemDownloadParams, ctx: TaskContext): Promise<ZmodemDownloadsResult> {
  const callers: ZmodemCaller[] = [];
  const errors: string[] = [];
  const downloads: ZmodemDownload[] = [];
  try {
    const seated = await Promise.all(
      p.accounts.map(async (account) => {
        const c = await ZmodemCaller.dialAs(p.port, account);
        callers.push(c);
        await telnetLogIn(c, callerName(account), BENCH_PASSWORD, 60_000);
        const dir = join(p.folder, `caller-${account}`);
        await mkdir(dir, { recursive: true });
        return { c, dir, num: await toArea(c, p.file) };
      }),
    );
    ctx.ready({ atArea: seated.length });
    await ctx.go();
    if (p.loop) lowerEveryThread(19);
    const started = performance.now();
    let stopAt = 0;
    // In loop mode the next word ends the phase; otherwise it never comes and each caller stops after one download.
    const stop = p.loop ? ctx.go().then(() => void (stopAt = performance.now())) : new Promise<void>(() => {});
    let streaming = 0;
    void Promise.all(seated.map(({ c }) => waitForHeader(c))).then(() => ctx.ready({ streaming: (streaming = seated.length) }));
    await Promise.all(
      seated.map(async ({ c, dir, num }) => {
        try {
          do {
            const done = await downloadOnce(c, num, p, dir, stop);
            if (!done) return;
            downloads.push(done);
          } while (p.loop && stopAt === 0);
        } catch (err) {
          if (errors.length < 5) errors.push((err as Error).message.slice(0, 300));
          c.killProgram('SIGKILL');
        }
      }),
    );
    if (p.loop && streaming === 0) errors.push('not every caller\'s transfer started');
    const spanMs = (stopAt || performance.now()) - started;
    return { downloads, bytes: callers.reduce((n, c) => n + c.moved, 0), spanMs, errors };
  } finally {
    for (const c of callers) {
      c.killProgram('SIGKILL');
      c.close();
    }
  }
}

async function waitForHeader(c: ZmodemCaller): Promise<void> {
  while (c.firstHeaderAt === 0 && !c.closed) await sleep(20);
}
