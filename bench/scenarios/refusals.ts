import { openFds, watchFds } from '../../test/helpers/descriptors.js';
import type { BenchContext, Measure } from '../lib/measure.js';
import { sleep, summarize } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';
import { allReady, allResults, startWorkers } from '../lib/workers.js';
import type { FloodResult } from '../tasks/refusal-flood.js';
import { loadBoard } from './common.js';

/** The shipped per-address cap: the flood is refused from its ninth connection on. */
const PER_ADDRESS = 8;
const FLOODER = '127.0.0.1';
/** The refusal log's interval (src/transports/limits/refusal-log.ts): the first summaries are written when it ends. */
const LOG_INTERVAL_MS = 10_000;

/**
 * One address floods every port past its per-address cap, from one client
 * process opening connections as fast as it can and never closing them.
 * What the cap must keep bounded: the board's descriptors (refused sockets
 * are cut after a short grace, and past a few in flight at once), its log
 * (one line for an address's first refusal, then one sum per interval),
 * and the wait of a caller from another address.
 */
export async function refusalsScenario(ctx: BenchContext): Promise<Measure[]> {
  // Under a second of flooding even in full: the same in --quick.
  const count = 3000;
  const board = await loadBoard({ env: { BBS_MAX_PER_ADDRESS: String(PER_ADDRESS) } });
  try {
    const ports = [board.ports.telnet!, board.ports.ssh!, board.ports.http!, board.ports.tcpjson!];
    const [flooder] = startWorkers(1, 'refusal-flood', () => ({ ports, speakFirst: [board.ports.http!], localAddress: FLOODER, hold: PER_ADDRESS, count, parallel: 200, settleMs: 5000 }));
    await allReady([flooder!]);
    await sleep(300);
    const baseline = openFds(board.pid);
    const logFrom = board.output().length;
    const fds = watchFds(board.pid, 5);
    const started = Date.now();
    flooder!.go();
    // While the flood is on, a caller from another address dials in.
    await sleep(100);
    const dialled = performance.now();
    const other = new TelnetCaller({ port: board.ports.telnet!, negotiate: true, localAddress: '127.0.0.2' });
    let otherMs: number | null = null;
    try {
      await other.until("Who's calling?", 10_000);
      otherMs = performance.now() - dialled;
    } catch (err) {
      ctx.log(`the other caller did not get in: ${(err as Error).message}`);
    } finally {
      other.close();
    }
    const [flood] = await allResults<FloodResult>([flooder!]);
    // Past the refusal grace, every refused socket must be gone.
    await sleep(600);
    const peak = fds.stop() - baseline;
    // The flooder hangs up the places it held as it finishes: those were in the baseline.
    // (Never below none: the board may also have let go of something of its own meanwhile.)
    const after = Math.max(0, openFds(board.pid) - (baseline - flood!.held));
    // The first interval's sums are written when it ends, counted from the first refusal.
    await sleep(Math.max(0, started + LOG_INTERVAL_MS + 1000 - Date.now()));
    const lines = board
      .output()
      .slice(logFrom)
      .split('\n')
      .filter((l) => /refused/.test(l) && l.includes(FLOODER));
    const windows = Math.max(1, Math.ceil(flood!.floodMs / LOG_INTERVAL_MS));
    const perWindow = Math.round((lines.length / windows) * 10) / 10;
    const lat = summarize(flood!.latencies);
    ctx.log(`flood ${flood!.rate}/s: peak +${peak} fds, +${after} after, ${lines.length} log lines, refusal ${JSON.stringify(lat)}`);
    const how = `${count.toLocaleString('en')} connections from ${FLOODER} (its ${PER_ADDRESS} places, \`limits.perAddress\` as shipped, already taken) over the telnet, SSH, HTTP and JSON-socket ports in turn, from one client process with 200 connects in flight, at ${flood!.rate.toLocaleString('en')} a second; none closed from the caller's side`;
    return [
      {
        key: 'refusal-descriptors',
        measure: `refused connections: the board's extra descriptors at the peak of a flood of ${count.toLocaleString('en')} from one address`,
        target: '≤ 300 extra',
        result: `${peak} extra at the peak, ${after} after`,
        value: peak,
        unit: 'descriptors',
        label: 'peak',
        goal: { max: 300 },
        met: peak <= 300 && after < 20,
        detail: `${how}. Descriptors of the board process (/proc/PID/fd, every 5 ms) over those held before the flood: ${peak} at the peak, ${after} 0.6 s after the flood settled and the flooder hung up (a refused socket has 250 ms to read why, and at most 64 wait at once per port; the rest are cut unanswered)`,
        extra: { peak, after, baseline },
      },
      {
        key: 'refusal-log-lines',
        measure: 'refusal log lines written for that flood',
        target: '≤ 10 per address per 10 s',
        result: `${lines.length} lines`,
        value: perWindow,
        unit: 'lines / 10 s',
        goal: { max: 10 },
        met: perWindow <= 10,
        detail: `lines naming ${FLOODER} that say "refused", from the flood's start to the end of the refusal log's first 10 s interval (the flood took ${(flood!.floodMs / 1000).toFixed(1)} s): ${lines.length} lines, one per port for the first refusal and one sum per port for the interval${lines[0] ? `; the first: ${JSON.stringify(lines[0].slice(0, 160))}` : ''}`,
        extra: { lines: lines.length, windows },
      },
      {
        key: 'refusal-latency',
        measure: 'connect to refusal text during that flood (for reference)',
        target: '–',
        result: `p99 ${lat.p99} ms`,
        value: lat.p99,
        unit: 'ms',
        label: 'p99',
        met: null,
        detail: `${how}: ${lat.count} told why (connect() to the first byte of the refusal; the HTTP port answers once the request arrives) p50 ${lat.p50}, p90 ${lat.p90}, max ${lat.max} ms; ${flood!.unanswered} cut unanswered, ${flood!.notOpened} never opened, ${flood!.stillOpen} not ended by the board within 5 s. A caller from 127.0.0.2 dialled 0.1 s into the flood ${otherMs === null ? '**did not reach the name prompt**' : `reached the name prompt in ${otherMs.toFixed(1)} ms`}`,
        extra: { latency: lat, unanswered: flood!.unanswered, notOpened: flood!.notOpened, stillOpen: flood!.stillOpen, otherCallerMs: otherMs },
      },
    ];
  } finally {
    await board.stop();
  }
}
