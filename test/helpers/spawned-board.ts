import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { SETTINGS } from '../../src/config/settings.js';
import { NO_QUOTAS } from '../../src/flows/quotas.js';
import { loadOrCreateHostKeys } from '../../src/transports/ssh/host-keys.js';
import { until } from './until.js';

const HOST_KEY_CACHE = join(tmpdir(), 'bbs-test-host-keys');

/**
 * Host keys made once and copied into every fresh test board: an RSA key
 * takes seconds of CPU to make, which dozens of boards on a busy two-core
 * machine cannot afford. (Tests of key generation use their own folders.)
 */
export async function seedHostKeys(data: string): Promise<void> {
  const exists = await stat(join(HOST_KEY_CACHE, 'ssh')).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const scratch = await mkdtemp(join(tmpdir(), 'bbs-keys-'));
    await loadOrCreateHostKeys(scratch);
    // Another test process may have won the race; either copy is good.
    await rename(scratch, HOST_KEY_CACHE).catch(() => rm(scratch, { recursive: true, force: true }));
  }
  await cp(join(HOST_KEY_CACHE, 'ssh'), join(data, 'ssh'), { recursive: true });
}

export const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The environment that turns every sign-up, posting, mail and storage quota
 * off. Test boards start with it, since one test file signs up many callers
 * from loopback; tests of the quotas themselves set theirs back (an empty
 * value means the shipped default). The benchmark's load boards use it too.
 */
export const QUOTAS_OFF_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NO_QUOTAS).map(([name, off]) => [SETTINGS.find((s) => s.key === `limits.${name}`)!.env!, String(off)]),
);

/**
 * How to run the `bbs` command: the compiled build when the test run asks
 * for it (`npm test` builds first, so the tests exercise what ships), else
 * the sources through tsx, for quick runs of single test files.
 */
export function bbsArgv(): string[] {
  return process.env.BBS_TEST_BUILD === 'dist' ? [join(ROOT, 'bin/bbs.js')] : ['--import', 'tsx', join(ROOT, 'src/cli/run.ts')];
}

export interface BoardProcess {
  child: ChildProcess;
  data: string;
  host: string;
  /** Real port of each open listener, by transport name. */
  ports: Record<string, number>;
  output(): string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real board as a child process (from source through tsx), every port on
 * 0 unless told otherwise, ready once it printed its listening lines.
 *
 * Given the test's context `t`, the board is stopped after the test and the
 * data folder it made removed, also when the test fails or the board never
 * starts: a test cannot leak either by forgetting. A folder passed in as
 * `data` is the caller's, and stays.
 */
export async function startBoardProcess(
  opts: { data?: string; args?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number; t?: Pick<TestContext, 'after'> } = {},
): Promise<BoardProcess> {
  const fresh = opts.data === undefined;
  const data = opts.data ?? (await mkdtemp(join(tmpdir(), 'bbs-test-')));
  // One hook, so the board is gone before its folder is.
  let started: { child: ChildProcess; exited: Promise<number | null> } | null = null;
  opts.t?.after(async () => {
    if (started) await stopWithin(started.child, started.exited, STOP_GRACE_MS);
    if (fresh) await rm(data, { recursive: true, force: true });
  });
  if (fresh) await seedHostKeys(data);
  const portArgs = SETTINGS.filter((s) => s.kind === 'port' && s.flag).flatMap((s) => [`--${s.flag!}`, '0']);
  const args = [...bbsArgv(), 'serve', '--data', data, '--host', '127.0.0.1', ...portArgs, ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, BBS_LOG_FORMAT: 'text', ...QUOTAS_OFF_ENV, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  started = { child, exited };
  const ports = await waitUntilReady(child, () => out, opts.timeoutMs ?? 60_000);
  return {
    child,
    data,
    host: '127.0.0.1',
    ports,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** How long a board stopped after its test has to exit cleanly before it is killed. */
const STOP_GRACE_MS = 10_000;

/** SIGTERM, and SIGKILL if the process is still there after `graceMs`. */
async function stopWithin(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Wait for a board process's "board ready" line; then the real port of each
 * listener, read from its listening lines. A board that exits or stays
 * silent past the deadline fails with its output.
 */
export async function waitUntilReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<Record<string, number>> {
  const ready = (): boolean => {
    if (/board ready/.test(output())) return true;
    if (child.exitCode !== null) throw new Error(`board exited early (${child.exitCode}):\n${output()}`);
    return false;
  };
  await until(() => `the board to start:\n${output()}`, ready, timeoutMs, 25).catch((err: unknown) => {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw err;
  });
  return Object.fromEntries(listeningLines(output()).map((l) => [l.transport, l.port]));
}

export interface ListeningLine {
  transport: string;
  host: string;
  port: number;
}

/**
 * Every listening line of a board's log, in either format: the text
 * `listening TRANSPORT HOST:PORT`, or a JSON line whose msg is `listening`
 * with the three as fields.
 */
export function listeningLines(log: string): ListeningLine[] {
  const found: ListeningLine[] = [];
  for (const line of log.split('\n')) {
    const text = / INFO +listening (\w+) ([\d.:a-f]+):(\d+)/.exec(line);
    if (text) found.push({ transport: text[1]!, host: text[2]!, port: Number(text[3]) });
    if (!line.startsWith('{')) continue;
    const json = parseJson(line);
    if (json?.msg === 'listening') found.push({ transport: String(json.transport), host: String(json.host), port: Number(json.port) });
  }
  return found;
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** `bbs ARGS` from source (with extra environment), to its end within a deadline: its exit code and everything it printed. */
export function runBbs(args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; out: string }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...bbsArgv(), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bbs ${args.join(' ')}: no end within ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
