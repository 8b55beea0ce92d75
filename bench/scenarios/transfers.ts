import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseFileAreas } from '../../src/config/file-areas.js';
import { sendCommand } from '../../src/doors/transfer-commands.js';
import { FileLibrary } from '../../src/files/file-library.js';
import { silentLogger } from '../../src/logger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { seedAccounts } from '../lib/accounts.js';
import { killAll, lrzszBelow } from '../lib/lrzsz-processes.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import type { LaunchedBoard } from '../lib/measured-board.js';
import { cpuSummary } from '../lib/profile.js';
import { runQueueWaitMs } from '../lib/schedstat.js';
import { round, summarize, type Latencies } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import type { ZmodemDownloadsResult } from '../tasks/zmodem-downloads.js';
import { loadBoard, MiB } from './common.js';
import type { RoundTripResult } from '../tasks/round-trips.js';


const FILE = 'big.bin';
const AREAS = [{ name: 'general', title: 'General files', list: 'new', download: 'new', upload: 'sysop' }];
const TRANSFERS = 5;

/** A random file of `size` bytes, written a slice at a time, and its SHA-256. */
async function randomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (let left = size; left > 0; ) {
      const slice = randomBytes(Math.min(left, 8 * MiB));
      hash.update(slice);
      await file.write(slice);
      left -= slice.length;
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** A data folder with the bench accounts, one file area and the file in it, as the sysop's import puts it there. */
async function seedBoard(data: string, accounts: number, file: string): Promise<void> {
  await writeFile(join(data, 'bbs.yaml'), stringify({ files: AREAS }));
  await seedAccounts(data, accounts);
  const areas = parseFileAreas(AREAS, (m) => {
    throw new Error(m);
  });
  const store = openSqliteStore(join(data, 'bbs.db'));
  try {
    const library = new FileLibrary({ store, areas, data, log: silentLogger });
    await library.prepare();
    const placed = await library.importFile(file, areas[0]!);
    if (!placed.ok) throw new Error(`${file} not imported: ${placed.reason}`);
  } finally {
    await store.close();
  }
}

/**
 * The floor: the same `sz` command line the board runs, its standard input
 * and output the accepted TCP socket itself (nothing between it and the
 * kernel), and at the other end a client relaying to `rz` as the board's
 * callers do (tasks/zmodem-floor.ts).
 */
async function floorDownload(dir: string, size: number, sha256: string, spawned: ChildProcess[]): Promise<ZmodemDownloadsResult> {
  const { command, args } = sendCommand('zmodem', [FILE]);
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    const sz = spawn(command, args, { cwd: dir, stdio: [socket, socket, 'ignore'], detached: true, env: { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C' } });
    spawned.push(sz);
    // sz has its own copy of the socket now; this process's is closed (not shut down), so it reads none of sz's bytes.
    socket.destroy();
    server.close();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const into = join(dir, 'floor');
  await mkdir(into, { recursive: true });
  const [receiver] = startWorkers(1, 'zmodem-floor', () => ({ port: (server.address() as AddressInfo).port, file: FILE, size, folder: into, sha256 }));
  try {
    await allReady([receiver!]);
    receiver!.go();
    const [result] = await allResults<ZmodemDownloadsResult>([receiver!]);
    return result!;
  } finally {
    receiver!.kill();
    server.close();
    await rm(into, { recursive: true, force: true });
  }
}

const mbps = (bytes: number, ms: number): number => (ms > 0 ? bytes / 1e6 / (ms / 1000) : 0);
const latencyText = (l: Latencies): string => `${l.count} round trips: p50 ${l.p50}, p90 ${l.p90}, p99 ${l.p99}, max ${l.max} ms`;
const waitText = (waitMs: number, phaseMs: number): string => `the board's event loop waited ${round(waitMs, 0)} ms for a core in the ${(phaseMs / 1000).toFixed(1)} s (${phaseMs > 0 ? round((100 * waitMs) / phaseMs, 1) : '–'}%, /proc schedstat)`;

/**
 * File transfers by ZMODEM over telnet: one download's throughput against
 * the same sz → rz pair over a bare loopback socket; and what five callers
 * downloading over and over do to the round trip of callers at the main menu.
 */
export async function transfersScenario(ctx: BenchContext): Promise<Measure[]> {
  if (!existsSync('/usr/bin/sz') || !existsSync('/usr/bin/rz')) throw new Error('lrzsz is not installed (apt-get install lrzsz)');
  const size = (ctx.quick ? 64 : 256) * MiB;
  const typists = ctx.quick ? 50 : 200;
  const seconds = ctx.quick ? 5 : 10;
  const dir = join(ctx.work, 'transfers');
  await mkdir(dir, { recursive: true });
  const source = join(dir, FILE);
  const sha256 = await randomFile(source, size);
  const spawned: ChildProcess[] = [];
  const workers: Worker[] = [];
  let board: LaunchedBoard | null = null;
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-transfers-'));
  const profDir = join(dir, 'cpu');
  let profile: ReturnType<typeof cpuSummary> = [];
  const received = join(dir, 'received');
  let rssTimer: NodeJS.Timeout | undefined;
  try {
    const floor = await floorDownload(dir, size, sha256, spawned);
    if (floor.errors.length || !floor.downloads[0]) throw new Error(`floor: ${floor.errors[0] ?? 'no download'}`);
    ctx.log(`floor: ${mbps(size, floor.downloads[0].ms).toFixed(1)} MB/s`);

    // Accounts: the typists first, then the five downloaders, then the one timed alone.
    const soloAccount = typists + TRANSFERS + 1;
    await seedBoard(data, soloAccount, source);
    await mkdir(profDir, { recursive: true });
    board = await loadBoard({ data, nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
    const b = board;

    // 1. One download alone, through the board.
    const [solo] = startWorkers(1, 'zmodem-downloads', () => ({ port: b.ports.telnet, accounts: [soloAccount], file: FILE, size, folder: join(received, 'solo'), sha256, loop: false }));
    workers.push(solo!);
    await allReady([solo!]);
    const soloCpuBefore = b.cpuMs();
    solo!.go();
    const [alone] = await allResults<ZmodemDownloadsResult>([solo!]);
    const soloCpuMs = b.cpuMs() - soloCpuBefore;
    if (alone!.errors.length || !alone!.downloads[0]) throw new Error(`board download: ${alone!.errors[0] ?? 'no download'}`);
    await rm(join(received, 'solo'), { recursive: true, force: true });
    ctx.log(`board: ${mbps(size, alone!.downloads[0].ms).toFixed(1)} MB/s, ${soloCpuMs} ms of board CPU`);

    // 2. Callers at the main menu, typing quietly, then beside five callers downloading over and over.
    const pool = startWorkers(2, 'round-trips', (i) => ({
      port: b.ports.telnet,
      accounts: Array.from({ length: typists / 2 }, (_, k) => 1 + i * (typists / 2) + k),
      intervalMs: 1000,
      durationMs: seconds * 1000,
      phases: 2,
    }));
    workers.push(...pool);
    const [loaders] = startWorkers(1, 'zmodem-downloads', () => ({ port: b.ports.telnet, accounts: Array.from({ length: TRANSFERS }, (_, k) => typists + 1 + k), file: FILE, size, folder: received, sha256: null, loop: true }));
    workers.push(loaders!);
    const [ready] = await Promise.all([allReady(pool) as Promise<{ loggedIn: number }[]>, allReady([loaders!])]);
    const loggedIn = ready.reduce((n, r) => n + r.loggedIn, 0);
    const quietRss = b.rssBytes();
    const quietCpuBefore = b.cpuMs();
    let waitBefore = runQueueWaitMs(b.pid);
    let phaseStart = performance.now();
    for (const w of pool) w.go();
    await allReady(pool);
    const quietCpuMs = b.cpuMs() - quietCpuBefore;
    const quietWait = runQueueWaitMs(b.pid) - waitBefore;
    const quietMs = performance.now() - phaseStart;
    // The transfers first; the typists' second phase once every one of them is streaming.
    loaders!.go();
    await allReady([loaders!], 60_000);
    let peakRss = b.rssBytes();
    rssTimer = setInterval(() => (peakRss = Math.max(peakRss, b.rssBytes())), 250);
    const busyCpuBefore = b.cpuMs();
    waitBefore = runQueueWaitMs(b.pid);
    phaseStart = performance.now();
    for (const w of pool) w.go();
    const typed = await allResults<RoundTripResult>(pool);
    const busyCpuMs = b.cpuMs() - busyCpuBefore;
    const busyWait = runQueueWaitMs(b.pid) - waitBefore;
    const busyMs = performance.now() - phaseStart;
    clearInterval(rssTimer);
    loaders!.go();
    const [loaded] = await allResults<ZmodemDownloadsResult>([loaders!]);
    // No sz may outlive its caller: every one of the five hung up mid-transfer.
    const left = await lingering(b);
    return rows({ ctx, size, typists, seconds, loggedIn, floor: floor.downloads[0].ms, alone: alone!.downloads[0].ms, soloCpuMs, typed, loaded: loaded!, quietRss, peakRss, quiet: { cpuMs: quietCpuMs, waitMs: quietWait, ms: quietMs }, busy: { cpuMs: busyCpuMs, waitMs: busyWait, ms: busyMs }, left, profile: () => profile });
  } finally {
    clearInterval(rssTimer);
    // lrzsz below the workers and the board, found before they die and orphan them.
    const strays = lrzszBelow([...workers.map((w) => w.child.pid!).filter(Boolean), ...(board ? [board.pid] : [])]);
    for (const w of workers) w.kill();
    for (const p of spawned) if (p.exitCode === null) p.kill('SIGKILL');
    killAll(strays);
    await board?.stop();
    if (ctx.profile) profile = cpuSummary(profDir);
    await rm(received, { recursive: true, force: true });
    await rm(source, { force: true });
    await rm(data, { recursive: true, force: true });
  }
}

/** The board's lrzsz processes still running a few seconds after every caller hung up. */
async function lingering(board: LaunchedBoard): Promise<number> {
  const deadline = performance.now() + 5000;
  while (lrzszBelow([board.pid]).length > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return lrzszBelow([board.pid]).length;
}

interface Phase {
  cpuMs: number;
  waitMs: number;
  ms: number;
}

interface Figures {
  ctx: BenchContext;
  size: number;
  typists: number;
  seconds: number;
  loggedIn: number;
  /** Milliseconds from the first ZMODEM byte to rz's exit: the floor's and the board's. */
  floor: number;
  alone: number;
  soloCpuMs: number;
  typed: RoundTripResult[];
  loaded: ZmodemDownloadsResult;
  quietRss: number;
  peakRss: number;
  quiet: Phase;
  busy: Phase;
  left: number;
  /** Read after the board has stopped (its profile is written at exit). */
  profile: () => ReturnType<typeof cpuSummary>;
}

function rows(f: Figures): Measure[] {
  const boardRate = mbps(f.size, f.alone);
  const floorRate = mbps(f.size, f.floor);
  const ratio = floorRate > 0 ? boardRate / floorRate : null;
  const q = summarize(f.typed.flatMap((r) => r.phases[0] ?? []));
  const b = summarize(f.typed.flatMap((r) => r.phases[1] ?? []));
  const typingErrors = f.typed.flatMap((r) => r.errors);
  const allTyping = f.loggedIn === f.typists && typingErrors.length === 0;
  const busyRate = mbps(f.loaded.bytes, f.loaded.spanMs);
  const cpuPerMiB = f.soloCpuMs / (f.size / MiB);
  const mib = f.size / MiB;
  const profile = f.profile();
  f.ctx.log(`floor ${floorRate.toFixed(1)} MB/s, board ${boardRate.toFixed(1)} MB/s; quiet ${JSON.stringify(q)}; busy ${JSON.stringify(b)}; five transfers ${busyRate.toFixed(1)} MB/s, ${f.loaded.downloads.length} whole`);
  const typingHow = `${f.loggedIn.toLocaleString('en')} telnet callers (2 client processes) logged in at the main menu, each pressing ? once a second at a random phase and timed to the redrawn menu's prompt (the round-trip scenario's task), ${f.seconds} s a phase`;
  return [
    {
      key: 'zmodem-download',
      measure: `ZMODEM download of one ${mib} MiB file over loopback telnet, against the same sz → rz over a bare loopback socket`,
      target: '≥ 0.8× the floor',
      result: ratio !== null ? `${boardRate.toFixed(1)} MB/s = ${ratio.toFixed(2)}× the floor (${floorRate.toFixed(1)} MB/s)` : `${boardRate.toFixed(1)} MB/s`,
      value: ratio === null ? null : round(ratio),
      unit: '× floor',
      goal: { min: 0.8 },
      met: ratio !== null && ratio >= 0.8,
      detail:
        `A random ${mib} MiB file (${f.size} bytes), imported into a file area; MB = 10^6 bytes, timed from the first ZMODEM header that reached the caller to rz's exit, the received file's SHA-256 checked against the file sent. ` +
        `Board: a telnet caller in BINARY (its own client process: test/callers/lrzsz-caller.ts, which parses telnet and relays to \`rz --binary --quiet\` through pipes), logged in, at the file's screen, D then Z; the board runs \`${sendCommand('zmodem', [FILE]).command} ${sendCommand('zmodem', [FILE]).args.join(' ')}\` through pipes and carries its bytes to the caller's socket, 0xFF doubled (${(f.alone / 1000).toFixed(2)} s). ` +
        `Floor: the same sz command line with the accepted TCP socket itself as its standard input and output, and a client process relaying that socket to the same rz through pipes, no telnet (${(f.floor / 1000).toFixed(2)} s). Both with nothing else running but the machine's other load`,
      extra: { bytes: f.size, boardMs: f.alone, floorMs: f.floor, boardMBps: boardRate, floorMBps: floorRate },
    },
    {
      key: 'zmodem-round-trip-quiet',
      measure: `prompt round trip of ${f.loggedIn.toLocaleString('en')} callers at the main menu, no transfers (for reference)`,
      target: '–',
      result: `p99 ${q.p99} ms (p50 ${q.p50} ms)`,
      value: q.p99,
      unit: 'ms',
      label: 'p99',
      met: null,
      detail: `${typingHow}. ${latencyText(q)}; the board used ${(f.quiet.cpuMs / 1000).toFixed(1)} s of CPU; ${waitText(f.quiet.waitMs, f.quiet.ms)}${typingErrors.length ? `; ${typingErrors[0]}` : ''}`,
      extra: { latency: q, runQueueWaitMs: f.quiet.waitMs },
    },
    {
      key: 'zmodem-round-trip-transfers',
      measure: `the same round trip while ${TRANSFERS} other callers download the ${mib} MiB file by ZMODEM over and over`,
      target: 'p99 ≤ 5 ms',
      result: `p99 ${b.p99} ms (p50 ${b.p50} ms)`,
      value: b.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      met: b.p99 <= 5 && allTyping && f.loaded.errors.length === 0,
      detail:
        `The same callers' second phase, started once each of ${TRANSFERS} more telnet callers (one client process, each with its own rz, both at niceness 19: they stand for callers' programs on other machines) had its first ZMODEM header; each downloads the file, goes back to the list and downloads it again until the phase ends, then hangs up mid-transfer. ${latencyText(b)}; ` +
        `the five moved ${(f.loaded.bytes / 1e6).toFixed(0)} MB in ${(f.loaded.spanMs / 1000).toFixed(1)} s (${busyRate.toFixed(1)} MB/s together, ${f.loaded.downloads.length} downloads whole, each checked for its size); the board used ${(f.busy.cpuMs / 1000).toFixed(1)} s of CPU; ${waitText(f.busy.waitMs, f.busy.ms)}; ` +
        `board lrzsz processes left 5 s after the five hung up: ${f.left}${f.loaded.errors.length ? `; ${f.loaded.errors[0]}` : ''}${typingErrors.length ? `; ${typingErrors[0]}` : ''}`,
      extra: { latency: b, runQueueWaitMs: f.busy.waitMs, transfers: { bytes: f.loaded.bytes, spanMs: f.loaded.spanMs, whole: f.loaded.downloads.length, errors: f.loaded.errors }, lingeringLrzsz: f.left, ...(profile.length ? { cpuProfile: profile } : {}) },
    },
    {
      key: 'zmodem-board-cpu',
      measure: 'the board\'s CPU per MiB sent by ZMODEM (for reference)',
      target: '–',
      result: `${cpuPerMiB.toFixed(2)} ms / MiB`,
      value: round(cpuPerMiB),
      unit: 'ms / MiB',
      met: null,
      detail: `the board process's CPU (user and system, all its threads; not sz's, a process of its own) over the one download alone, from the word to start to rz's exit and the file checked: ${f.soloCpuMs} ms for ${mib} MiB, the caller's few menu screens around it included. Reading sz's pipe, telnet framing (0xFF doubled) and the socket writes`,
      extra: { cpuMs: f.soloCpuMs },
    },
    {
      key: 'zmodem-board-rss',
      measure: `the board's memory during the ${TRANSFERS} transfers (for reference)`,
      target: '–',
      result: `${(f.peakRss / MiB).toFixed(1)} MiB peak (${(f.quietRss / MiB).toFixed(1)} MiB before)`,
      value: round(f.peakRss / MiB, 1),
      unit: 'MiB',
      met: null,
      detail: `board VmRSS, sampled every 250 ms through the typing phase beside the transfers; "before": with the same ${f.loggedIn} callers at the main menu and the five at the area's list, before the quiet phase. The board reads sz's output only while the caller's socket takes it (backpressure), so a transfer holds at most a pipe's and a socket's worth`,
      extra: { peakRss: f.peakRss, quietRss: f.quietRss },
    },
  ];
}
