import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { withAllocatorEnv } from '../../src/nodes/allocator-env.js';
import { waitUntilReady } from '../../test/helpers/spawned-board.js';
import { measured, type LaunchedBoard } from '../lib/measured-board.js';

const SOURCE = new URL('./floor-server.ts', import.meta.url).pathname;

/**
 * Start the floor server on the bytes captured in `dir`, on loopback port 0.
 * It is transpiled to plain JavaScript next to the capture first, so it runs
 * as `node floor-server.mjs` with no TypeScript loader in its process (a
 * loader's own memory and threads would be charged to the floor). It reads
 * like a board to the benchmark: the same ready and listening lines, the
 * same /proc figures.
 */
export async function launchFloor(dir: string, opts: { nodeArgs?: string[] } = {}): Promise<LaunchedBoard> {
  const js = ts.transpileModule(await readFile(SOURCE, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const entry = join(dir, 'floor-server.mjs');
  await writeFile(entry, js);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), entry, '--dir', dir, '--port', '0', '--host', '127.0.0.1'], {
    // The same C library setting as the board's, so that neither is charged what the other's allocator keeps.
    env: withAllocatorEnv(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ports = await waitUntilReady(child, () => out, 15_000);
  return measured(child, dir, ports, () => out, exited);
}
