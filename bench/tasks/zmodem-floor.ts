import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { receivedProblem } from '../lib/received-file.js';
import type { TaskContext } from './index.js';
import type { ZmodemDownloadsResult } from './zmodem-downloads.js';

export interface ZmodemFloorParams {
  /** Where the floor's `sz` listens: its standard input and output are the accepted socket itself. */
  port: number;
  file: string;
  size: number;
  folder: string;
  sha256: string;
}

/**
 * The receiving end of the floor: a plain TCP socket to a bare `sz`, relayed
 * to `rz` the way the board's callers relay (every byte from the socket
 * written to rz's input as it comes, rz's output to the socket), with no
 * telnet and no board in between. Timed the same way: from the first byte
 * of ZMODEM to rz's exit.
 */
export async function zmodemFloor(p: ZmodemFloorParams, ctx: TaskContext): Promise<ZmodemDownloadsResult> {
  ctx.ready();
  await ctx.go();
  const started = performance.now();
  const rz = spawn('rz', ['--binary', '--quiet'], { cwd: p.folder, stdio: 'pipe', env: { PATH: '/usr/bin:/bin', LANG: 'C' } });
  const socket = connect({ port: p.port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  let firstAt = 0;
  let moved = 0;
  rz.stdin.on('error', () => {});
  rz.stderr.resume();
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    if (firstAt === 0) firstAt = performance.now();
    moved += chunk.length;
    rz.stdin.write(chunk);
  });
  rz.stdout.on('data', (chunk: Buffer) => {
    if (!socket.destroyed) socket.write(chunk);
  });
  try {
    const code = await new Promise<number | null>((resolve) => rz.on('close', resolve));
    const ended = performance.now();
    if (code !== 0) throw new Error(`rz exited ${code}`);
    const problem = await receivedProblem(join(p.folder, p.file), p.size, p.sha256);
    if (problem) throw new Error(problem);
    return { downloads: [{ ms: ended - firstAt, bytes: p.size }], bytes: moved, spanMs: ended - started, errors: [] };
  } finally {
    rz.kill('SIGKILL');
    socket.destroy();
  }
}
