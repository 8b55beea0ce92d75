import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { seedAccounts } from '../lib/accounts.js';
import { doorProcesses, type DoorProcesses } from '../lib/door-processes.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { cpuSummary, heapSummary, takeHeapSnapshot } from '../lib/profile.js';
import { runQueueWaitMs } from '../lib/schedstat.js';
import { round, summarize, type Latencies } from '../lib/stats.js';
import { allReady, allResults, startWorkers, type Worker } from '../lib/workers.js';
import type { DoorEchoResult } from '../tasks/door-echo.js';
import type { DoorFloodResult } from '../tasks/door-flood.js';
import { loadBoard, MiB, settledRss } from './common.js';

/** The doors as the config file lists them, so their numbers in the doors menu are these. */
const ECHO = 1;
const FLOOD = 2;
const WARM = 3;

/**
 * The bench's doors. Each costs little per process, so the figures are the
 * board's and not the programs': `cat` on a raw terminal writes back every
 * byte it reads (the wrapper shell sets the terminal raw first), `head`
 * writes zeros as fast as the terminal takes them, `true` ends at once.
 */
function doorsConfig(floodBytes: number): unknown {
  return {
    doors: [
      { name: 'echo', title: 'Echo', description: 'Every key back.', command: 'cat', tty: 'raw', drop_files: [] },
      { name: 'flood', title: 'Flood', description: 'Zeros, fast.', command: 'head', args: ['-c', String(floodBytes), '/dev/zero'], tty: 'raw', drop_files: [] },
      { name: 'warm', title: 'Warm', description: 'Ends at once.', command: 'true', drop_files: [] },
    ],
  };
}

const kib = (bytes: number): number => round(bytes / 1024, 1);
const latencyText = (l: Latencies): string => `${l.count} round trips: p50 ${l.p50}, p90 ${l.p90}, p99 ${l.p99}, max ${l.max} ms`;
/** The share of a phase the board's event loop spent runnable but without a core. */
const waitText = (waitMs: number, phaseMs: number): string => `the board's event loop waited ${round(waitMs, 0)} ms for a core in the ${(phaseMs / 1000).toFixed(1)} s (${phaseMs > 0 ? round((100 * waitMs) / phaseMs, 1) : '–'}% of the time, /proc schedstat)`;

/**
 * Callers in doors: keystrokes through an echo door with every caller
 * typing a key a second; one door flooding its caller while they type; and
 * what a caller in a door costs the board and the door's own processes.
 */
export async function doorsScenario(ctx: BenchContext): Promise<Measure[]> {
  const callers = ctx.quick ? 50 : 200;
  const seconds = ctx.quick ? 5 : 10;
  const floodBytes = (ctx.quick ? 50 : 200) * MiB;
  const floodAccount = callers + 1;
  const dir = join(ctx.work, 'doors');
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'bbs.yaml');
  await writeFile(config, stringify(doorsConfig(floodBytes)));
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  await seedAccounts(data, floodAccount);
  const profDir = join(dir, 'cpu');
  await mkdir(profDir, { recursive: true });
  const board = await loadBoard({ data, args: ['--config', config], nodeArgs: ctx.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`] : [] });
  const workers: Worker[] = [];
  let atMenu = 0;
  let inDoor = 0;
  let menuRss = 0;
  let doorRss = 0;
  let doors: DoorProcesses = { doors: 0, processes: 0, rssBytes: 0, pssBytes: 0 };
  let quietCpuMs = 0;
  let floodCpuMs = 0;
  /** Milliseconds the board's event loop waited for a core during each phase, and how long each phase was. */
  const waited = { quiet: 0, quietMs: 0, flood: 0, floodMs: 0 };
  let heap: ReturnType<typeof heapSummary> | null = null;
  let profile: ReturnType<typeof cpuSummary> = [];
  let echo: DoorEchoResult[] = [];
  let flood: DoorFloodResult;
  try {
    // The flood's caller goes first and plays a door that ends at once: the board loads its door desk and the terminal library with its first door, not with any one caller's.
    const flooder = startWorkers(1, 'door-flood', () => ({ port: board.ports.telnet, account: floodAccount, warmDoor: WARM, floodDoor: FLOOD, bytes: floodBytes, timeoutMs: 120_000 }));
    workers.push(...flooder);
    await allReady(flooder);
    const typists = startWorkers(2, 'door-echo', (i) => ({
      port: board.ports.telnet,
      accounts: Array.from({ length: callers / 2 }, (_, k) => 1 + i * (callers / 2) + k),
      door: ECHO,
      intervalMs: 1000,
      durationMs: seconds * 1000,
      maxBusyMs: 120_000,
    }));
    workers.push(...typists);
    atMenu = ((await allReady(typists)) as { atMenu: number }[]).reduce((n, r) => n + r.atMenu, 0);
    menuRss = await settledRss(board);
    for (const w of typists) w.go();
    inDoor = ((await allReady(typists)) as { inDoor: number }[]).reduce((n, r) => n + r.inDoor, 0);
    doorRss = await settledRss(board);
    doors = doorProcesses(board.pid);
    heap = ctx.profile ? heapSummary(await takeHeapSnapshot(board, dir, 'in-doors')) : null;
    ctx.log(`${atMenu} callers at the doors menu, ${inDoor} in the echo door; board rss ${(menuRss / MiB).toFixed(1)} → ${(doorRss / MiB).toFixed(1)} MiB; ${doors.doors} doors, ${doors.processes} processes, rss ${(doors.rssBytes / MiB).toFixed(1)} MiB, pss ${(doors.pssBytes / MiB).toFixed(1)} MiB`);
    const cpuBefore = board.cpuMs();
    let waitBefore = runQueueWaitMs(board.pid);
    let phaseStart = performance.now();
    for (const w of typists) w.go();
    await allReady(typists);
    quietCpuMs = board.cpuMs() - cpuBefore;
    waited.quiet = runQueueWaitMs(board.pid) - waitBefore;
    waited.quietMs = performance.now() - phaseStart;
    // The flood and the typists' second phase together; the typists stop when the flood is through.
    const floodCpuBefore = board.cpuMs();
    waitBefore = runQueueWaitMs(board.pid);
    phaseStart = performance.now();
    for (const w of [...typists, ...flooder]) w.go();
    [flood] = (await allResults<DoorFloodResult>(flooder)) as [DoorFloodResult];
    floodCpuMs = board.cpuMs() - floodCpuBefore;
    waited.flood = runQueueWaitMs(board.pid) - waitBefore;
    waited.floodMs = performance.now() - phaseStart;
    for (const w of typists) w.go();
    echo = await allResults<DoorEchoResult>(typists);
  } finally {
    for (const w of workers) w.kill();
    await board.stop();
    if (ctx.profile) profile = cpuSummary(profDir);
  }
  const quiet = summarize(echo.flatMap((r) => r.phases[0] ?? []));
  const busy = summarize(echo.flatMap((r) => r.phases[1] ?? []));
  const errors = echo.flatMap((r) => r.errors);
  const mbps = flood.spanMs > 0 ? flood.bytes / 1e6 / (flood.spanMs / 1000) : 0;
  ctx.log(`quiet ${JSON.stringify(quiet)}; flood ${mbps.toFixed(1)} MB/s ${JSON.stringify(flood)}; busy ${JSON.stringify(busy)}`);
  const all = inDoor === callers;
  const lost = `${callers - atMenu} of ${callers} did not reach the doors menu, ${atMenu - inDoor} did not get into the door${errors.length ? ` (${errors[0]})` : ''}`;
  const boardPer = inDoor > 0 ? (doorRss - menuRss) / inDoor : NaN;
  const doorPer = doors.doors > 0 ? doors.rssBytes / doors.doors : NaN;
  const doorPss = doors.doors > 0 ? doors.pssBytes / doors.doors : NaN;
  const echoHow = `telnet callers (2 client processes) logged in beforehand and each in its own echo door (\`cat\` with the door's terminal set raw by the wrapper shell: 2 processes and a pseudo-terminal a door), each typing a digit once a second at a random phase and timing it to the digit's echo: telnet in, the door desk, the pseudo-terminal, \`cat\`, the pseudo-terminal, the caller's socket`;
  return [
    {
      key: 'door-round-trip',
      measure: `keystroke round trip through a door (key in, the door's echo out), ${inDoor.toLocaleString('en')} telnet callers in echo doors each typing a key a second`,
      target: 'p99 ≤ 5 ms',
      result: `p99 ${quiet.p99} ms (p50 ${quiet.p50} ms)`,
      value: quiet.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      met: quiet.p99 <= 5 && all,
      detail: `${echoHow}, for ${seconds} s. ${latencyText(quiet)}; the board used ${(quietCpuMs / 1000).toFixed(1)} s of CPU for them (${quiet.count > 0 ? (quietCpuMs / quiet.count).toFixed(2) : '–'} ms a keystroke, user and system, all threads); ${waitText(waited.quiet, waited.quietMs)}; ${lost}`,
      extra: { latency: quiet, runQueueWaitMs: waited.quiet, boardCpuMsPerKey: quiet.count > 0 ? quietCpuMs / quiet.count : null },
    },
    {
      key: 'door-round-trip-p50',
      measure: 'the same, the median keystroke',
      target: '–',
      result: `p50 ${quiet.p50} ms`,
      value: quiet.p50,
      unit: 'ms',
      label: 'p50',
      met: null,
      detail: `from the same round trips as the row above`,
    },
    {
      key: 'door-flood',
      measure: `one door's output flood reaching its telnet caller while ${inDoor.toLocaleString('en')} callers type in echo doors`,
      target: '≥ 20 MB/s',
      result: `${mbps.toFixed(1)} MB/s`,
      value: round(mbps, 1),
      unit: 'MB/s',
      goal: { min: 20 },
      met: mbps >= 20 && flood.errors.length === 0,
      detail: `one more telnet caller (its own client process) picks a door running \`head -c ${floodBytes} /dev/zero\` on a raw terminal: ${(flood.bytes / 1e6).toFixed(1)} MB (10^6 bytes) counted from its first zero byte to the last in ${(flood.spanMs / 1000).toFixed(2)} s; ${round(flood.startMs)} ms from the pick to the first byte; the board used ${(floodCpuMs / 1000).toFixed(1)} s of CPU meanwhile (${flood.bytes > 0 ? ((floodCpuMs * 1e6) / flood.bytes).toFixed(1) : '–'} ms a MB, the typists' keys included). The board reads the door's terminal only while the caller's socket takes the bytes (backpressure) and, while the others type, at the board's pace for doors (\`limits.doorRate\`, 24 MiB/s by default), so this is the rate at which the door's bytes reach the caller${flood.errors.length ? `; ${flood.errors[0]}` : ''}`,
      extra: { flood, boardCpuMs: floodCpuMs, ...(profile.length ? { cpuProfile: profile } : {}) },
    },
    {
      key: 'door-round-trip-flood',
      measure: "the echo callers' keystroke round trip during that flood",
      target: 'p99 ≤ 5 ms',
      result: `p99 ${busy.p99} ms (p50 ${busy.p50} ms)`,
      value: busy.p99,
      unit: 'ms',
      label: 'p99',
      goal: { max: 5 },
      met: busy.p99 <= 5 && all && flood.errors.length === 0,
      detail: `the same callers typing as above, from the pick of the flood door until its last byte arrived. ${latencyText(busy)}; ${waitText(waited.flood, waited.floodMs)}`,
      extra: { latency: busy, runQueueWaitMs: waited.flood },
    },
    {
      key: 'door-memory-board',
      measure: `board memory per caller in a door, at ${inDoor.toLocaleString('en')} callers`,
      target: '–',
      result: `${kib(boardPer)} KiB`,
      value: kib(boardPer),
      unit: 'KiB',
      met: null,
      detail: `(board VmRSS with the callers in their echo doors, ${(doorRss / MiB).toFixed(1)} MiB, − the same callers logged in at the doors menu, ${(menuRss / MiB).toFixed(1)} MiB, each taken 3 s after the last caller got there) / callers in doors: the door desk's play, the pseudo-terminal's handle and buffers, the hand-off in the gateway and the transport. One door was played and ended before either figure, so the door code loaded with the first door is not counted; ${lost}`,
    },
    {
      key: 'door-memory-processes',
      measure: `the door's own processes per caller in a door (\`cat\` behind the wrapper shell)`,
      target: '–',
      result: `${kib(doorPer)} KiB RSS (${kib(doorPss)} KiB PSS)`,
      value: kib(doorPer),
      unit: 'KiB',
      met: null,
      detail: `sum of VmRSS over every process of every door session (the board's children that lead their own session, and their session's members: ${doors.processes} processes in ${doors.doors} doors), ${(doors.rssBytes / MiB).toFixed(1)} MiB, / doors, from /proc at the same moment as the board's figure. RSS counts the pages that the shells and \`cat\` share (libc, the shell's code) once in every process; PSS divides them among the processes that map them, ${(doors.pssBytes / MiB).toFixed(1)} MiB in all, which is nearer what another door adds`,
      extra: { doors, ...(heap ? { heapInDoors: heap } : {}) },
    },
  ];
}
