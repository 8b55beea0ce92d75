import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withAllocatorEnv } from '../../src/nodes/allocator-env.js';
import { cpuOf, rssOf } from '../../test/helpers/proc-usage.js';
import { waitUntilReady, type BoardProcess } from '../../test/helpers/spawned-board.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface LaunchOptions {
  data?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Flags for node itself: --cpu-prof, --heapsnapshot-signal ... */
  nodeArgs?: string[];
  /** Run the TypeScript through tsx instead of the compiled dist/ (which is what a sysop runs). */
  fromSource?: boolean;
  timeoutMs?: number;
}

/** A board process as the tests know it (on loopback, so no host to report), plus what the figures read from /proc. */
export interface LaunchedBoard extends Omit<BoardProcess, 'host'> {
  pid: number;
  /** Resident memory of the board process, from /proc. */
  rssBytes(): number;
  /** CPU time the board process has used so far (all its threads, user and system), from /proc. */
  cpuMs(): number;
}

/** The real board, every port on 0 and on loopback, ready once it says so. */
export async function launchBoard(opts: LaunchOptions = {}): Promise<LaunchedBoard> {
  const data = opts.data ?? (await mkdtemp(join(tmpdir(), 'bbs-bench-')));
  const entry = opts.fromSource ? ['--import', 'tsx', join(ROOT, 'src/cli/run.ts')] : [join(ROOT, 'bin/bbs.js')];
  const ports = ['--json-port', '0', '--telnet-port', '0', '--ssh-port', '0', '--http-port', '0', '--nntp-port', 'off'];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry, 'serve', '--data', data, '--host', '127.0.0.1', ...ports, ...(opts.args ?? [])], {
    cwd: ROOT,
    // As `npm start` and the Docker image run it: with the allocator setting they start it with.
    env: withAllocatorEnv({ ...process.env, BBS_LOG_FORMAT: 'text', ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Keep the start and a bounded tail: a load run logs a line per call.
  const append = (d: Buffer): void => {
    out += d.toString();
    if (out.length > 4_000_000) out = out.slice(0, 200_000) + '\n[...]\n' + out.slice(-1_000_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const found = await waitUntilReady(child, () => out, opts.timeoutMs ?? 30_000);
  return measured(child, data, found, () => out, exited);
}

/** A started server as the scenarios use it: its output, its /proc figures, and a stop that waits for the exit. */
export function measured(child: ChildProcess, data: string, ports: Record<string, number>, output: () => string, exited: Promise<number | null>): LaunchedBoard {
  return {
    child,
    pid: child.pid!,
    data,
    ports,
    output,
    exited,
    rssBytes: () => rssOf(child.pid!),
    cpuMs: () => cpuOf(child.pid!),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
