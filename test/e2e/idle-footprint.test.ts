import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { TelnetClient } from '../callers/telnet.js';
import { until } from '../helpers/until.js';

/**
 * What an idle board has loaded. Its idle memory is a measured target, and
 * the heavy parts (ssh2 and its crypto, ws, the YAML parser, worker threads
 * for hashing) are meant to arrive with the first caller who needs them. A
 * stray static import would bring one back silently; this test notices.
 *
 * A preloaded probe writes, on SIGUSR2, the Node built-ins and CommonJS
 * files the process has loaded so far. ES modules (figlet, chalk, the
 * board's own code) are not in that list, so they are not checked here.
 */
const PROBE = `
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const cache = createRequire(import.meta.url).cache;
process.on('SIGUSR2', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  writeFileSync(process.env.BBS_PROBE_OUT, JSON.stringify({ builtins, files: Object.keys(cache) }));
});
`;

let dir: string;
let board: BoardProcess;
let probeOut: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bbs-footprint-'));
  const probe = join(dir, 'probe.mjs');
  probeOut = join(dir, 'loaded.json');
  await writeFile(probe, PROBE);
  board = await startBoardProcess({ env: { NODE_OPTIONS: `--import ${pathToFileURL(probe).href}`, BBS_PROBE_OUT: probeOut } });
});

after(async () => {
  await board?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function loaded(): Promise<{ builtins: string[]; packages: Set<string> }> {
  await rm(probeOut, { force: true });
  board.child.kill('SIGUSR2');
  const text = await until('the probe to answer', () => readFile(probeOut, 'utf8').catch(() => null), 5000, 25);
  const { builtins, files } = JSON.parse(text) as { builtins: string[]; files: string[] };
  const packages = new Set(files.flatMap((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
  return { builtins, packages };
}

const HEAVY_PACKAGES = ['ssh2', 'ws', 'yaml', 'pg', 'nats'];
// Run from the sources, tsx itself runs on a worker thread; only the build shows the board's own use.
const FROM_BUILD = process.env.BBS_TEST_BUILD === 'dist';

test('a started board that nobody has called has not loaded ssh2, ws, the YAML parser, the PostgreSQL or NATS clients, or worker threads', { timeout: 30_000 }, async () => {
  const { builtins, packages } = await loaded();
  assert.ok(packages.has('better-sqlite3'), 'the probe sees CommonJS packages (the store is open)');
  for (const name of HEAVY_PACKAGES) assert.ok(!packages.has(name), `${name} is loaded at start`);
  if (FROM_BUILD) assert.ok(!builtins.includes('worker_threads'), 'worker_threads is loaded at start');
});

test('a telnet caller at the name prompt does not bring in the SSH or WebSocket code', { timeout: 30_000 }, async () => {
  const caller = await TelnetClient.connect(board.ports.telnet!);
  try {
    await caller.waitFor("Who's calling?", { timeoutMs: 15_000 });
    const { packages } = await loaded();
    for (const name of ['ssh2', 'ws']) assert.ok(!packages.has(name), `${name} is loaded for a telnet caller`);
  } finally {
    caller.close();
  }
});
