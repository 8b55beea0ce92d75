import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cp437ToUtf8 } from '../../src/doors/transcode.js';
import { ScreenModel } from '../../src/doors/screen-model.js';

/** What a terminal shows after some bytes: its rows as plain text, and its cursor. */
export interface EmulatedScreen {
  rows: string[];
  cursor: { col: number; row: number; visible: boolean };
  /** Which emulator drew it: 'pyte' (independent of the board) or 'xterm.js' (the board's own screen model, when pyte is missing). */
  emulator: 'pyte' | 'xterm.js';
}

/**
 * Debian's python3 with its python3-pyte: not the python3 first on PATH
 * (pyenv's, without pyte). Its environment is cleared of Python settings that
 * could point it at another interpreter's packages.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./emulated-screen.py', import.meta.url));
const PYTHON_ENV = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };
const TIMEOUT_MS = 15_000;

let pyteChecked: boolean | undefined;

/** Whether pyte can be used here; asked once per test process. */
export function pyteAvailable(): boolean {
  pyteChecked ??= spawnSync(PYTHON, ['-c', 'import pyte'], { env: PYTHON_ENV, stdio: 'ignore', timeout: TIMEOUT_MS }).status === 0;
  return pyteChecked;
}

/**
 * The screen a caller would see after `bytes` on a terminal of `cols` x
 * `rows`, starting blank. `cp437`: the bytes are for an ANSI-BBS terminal,
 * whose upper half is CP437 glyphs. Drawn by pyte where it is installed,
 * else by the board's own ScreenModel (and the test output says so, since
 * that is no longer an independent check).
 */
export async function emulate(bytes: Uint8Array, cols: number, rows: number, opts: { cp437?: boolean } = {}): Promise<EmulatedScreen> {
  const utf8 = opts.cp437 ? cp437ToUtf8().push(bytes) : Buffer.from(bytes);
  if (pyteAvailable()) return { ...(await runPyte(utf8, cols, rows)), emulator: 'pyte' };
  warnFallback();
  return { ...(await runScreenModel(utf8, cols, rows)), emulator: 'xterm.js' };
}

/** The rows alone, for a test that only reads text. */
export async function emulatedRows(bytes: Uint8Array, cols: number, rows: number, opts: { cp437?: boolean } = {}): Promise<string[]> {
  return (await emulate(bytes, cols, rows, opts)).rows;
}

function runPyte(bytes: Buffer, cols: number, rows: number): Promise<Omit<EmulatedScreen, 'emulator'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, String(cols), String(rows)], { env: PYTHON_ENV, stdio: ['pipe', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`pyte failed (${signal ?? code}): ${Buffer.concat(err).toString('utf8').slice(-2000)}`));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as Omit<EmulatedScreen, 'emulator'>);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    // A dead child's closed stdin is reported by 'close' with its status, not by this stream.
    child.stdin.on('error', () => undefined);
    child.stdin.end(bytes);
  });
}

async function runScreenModel(bytes: Buffer, cols: number, rows: number): Promise<Omit<EmulatedScreen, 'emulator'>> {
  const model = new ScreenModel(cols, rows);
  try {
    model.write(bytes);
    await model.written();
    return { rows: model.text().map((row) => row.trimEnd()), cursor: model.cursor() };
  } finally {
    model.dispose();
  }
}

let warned = false;
function warnFallback(): void {
  if (warned) return;
  warned = true;
  console.warn(`# ${PYTHON} with python3-pyte is missing: screens are drawn by the board's own xterm.js model, not an independent emulator`);
}
