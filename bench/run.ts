/**
 * `npm run bench [-- --quick] [--runs N] [--only a,b] [--profile]`: the board
 * under load from client processes of our own, on loopback, and a report in
 * bench/results/latest.md and latest.json. Every figure is reported whether
 * it meets its target or not. --runs repeats every scenario N times (each on
 * a fresh board) and the table shows each row's median and range, judged on
 * the median. --profile adds CPU profiles and heap snapshots of the board to
 * the JSON report. --report-only redraws the markdown from the last JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/measured-board.js';
import { machineInfo } from './lib/machine.js';
import type { BenchContext, Measure } from './lib/measure.js';
import { benchMarkdown, readReport, type BenchReport } from './lib/report.js';
import { benchRows, type BenchRun } from './lib/runs.js';
import { FLOOR_SCENARIOS, prepareFloor } from './floor/prepare-floor.js';
import { browserZmodemScenario } from './scenarios/browser-zmodem.js';
import { connectScenario } from './scenarios/connect.js';
import { cyclesScenario } from './scenarios/cycles.js';
import { doorsScenario } from './scenarios/doors.js';
import { editorScenario } from './scenarios/editor.js';
import { linkedLimitsScenario } from './scenarios/linked-limits.js';
import { memoryScenario } from './scenarios/memory.js';
import { clusterScenario } from './scenarios/cluster.js';
import { failoverScenario } from './scenarios/failover.js';
import { nntpScenario } from './scenarios/nntp.js';
import { webScenario } from './scenarios/web.js';
import { postgresPostingScenario, postingScenario } from './scenarios/posting.js';
import { refusalsScenario } from './scenarios/refusals.js';
import { roundTripScenario } from './scenarios/round-trips.js';
import { postgresSearchScenario, searchScenario } from './scenarios/search.js';
import { sftpScenario } from './scenarios/sftp.js';
import { sshScenario } from './scenarios/ssh.js';
import { transfersScenario } from './scenarios/transfers.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<Measure[]>> = {
  memory: memoryScenario,
  connect: connectScenario,
  'round-trips': roundTripScenario,
  posting: postingScenario,
  'posting-postgres': postgresPostingScenario,
  cluster: clusterScenario,
  failover: failoverScenario,
  ssh: sshScenario,
  sftp: sftpScenario,
  refusals: refusalsScenario,
  'linked-limits': linkedLimitsScenario,
  cycles: cyclesScenario,
  doors: doorsScenario,
  editor: editorScenario,
  'browser-zmodem': browserZmodemScenario,
  transfers: transfersScenario,
  nntp: nntpScenario,
  search: searchScenario,
  'search-postgres': postgresSearchScenario,
  web: webScenario,
};

const RESULTS = join(ROOT, 'bench/results');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, profile: { type: 'boolean' }, 'no-build': { type: 'boolean' }, out: { type: 'string' }, 'report-only': { type: 'boolean' }, runs: { type: 'string', default: '1' } } });
  const runCount = Number(values.runs);
  if (!Number.isSafeInteger(runCount) || runCount < 1 || runCount > 20) throw new Error(`--runs takes a whole number from 1 to 20, not ${values.runs}`);
  const base = values.out ?? 'latest';
  const findings = await readFile(join(ROOT, 'bench/findings.md'), 'utf8').catch(() => '');
  if (values['report-only']) {
    // Redraw the markdown from the last run's figures (after editing bench/findings.md).
    const last = readReport(JSON.parse(await readFile(join(RESULTS, `${base}.json`), 'utf8')));
    await writeFile(join(RESULTS, `${base}.md`), benchMarkdown(last, findings));
    return;
  }
  const names = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
  for (const n of names) if (!SCENARIOS[n]) throw new Error(`no scenario ${n}; there are ${Object.keys(SCENARIOS).join(', ')}`);
  // The board under test is the compiled one a sysop runs: build it from the source as it is now.
  if (!values['no-build'] || !existsSync(join(ROOT, 'dist/cli/run.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const started = Date.now();
  const machine = machineInfo();
  const work = await mkdtemp(join(tmpdir(), 'bbs-bench-work-'));
  const log = (message: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
  const runs: BenchRun[] = [];
  for (let run = 1; run <= runCount; run++) {
    // A folder per run: profiles, heap snapshots and the private sshd's keys are each run's own.
    const ctx: BenchContext = { floor: null, quick: values.quick ?? false, profile: values.profile ?? false, work: runCount > 1 ? join(work, `run-${run}`) : work, log };
    await mkdir(ctx.work, { recursive: true });
    const runStarted = Date.now();
    const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
    const measures: Measure[] = [];
    const failures: BenchRun['failures'] = [];
    if (names.some((n) => FLOOR_SCENARIOS.has(n))) {
      // The floor replays this run's board: captured afresh, so it always imitates the code under test.
      ctx.log('capturing the board\'s bytes for the floor server ...');
      try {
        ctx.floor = await prepareFloor(ctx.work);
      } catch (err) {
        ctx.log(`floor capture failed: ${(err as Error).stack ?? String(err)}`);
        failures.push({ scenario: 'floor capture', error: (err as Error).message });
      }
    }
    for (const name of names) {
      ctx.log(`${runCount > 1 ? `run ${run} of ${runCount}: ` : ''}${name} ...`);
      try {
        measures.push(...(await SCENARIOS[name]!(ctx)));
      } catch (err) {
        ctx.log(`${name} failed: ${(err as Error).stack ?? String(err)}`);
        failures.push({ scenario: name, error: (err as Error).message });
      }
    }
    runs.push({ run, when: new Date(runStarted).toISOString(), seconds: (Date.now() - runStarted) / 1000, loadAtStart, loadAtEnd: loadavg().map((l) => Math.round(l * 100) / 100), measures, failures });
  }
  const report: BenchReport = {
    when: new Date(started).toISOString(),
    mode: values.quick ? 'quick' : 'full',
    ...(values.only ? { only: names } : {}),
    seconds: (Date.now() - started) / 1000,
    machine,
    loadAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    runs,
    rows: benchRows(runs),
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, `${base}.json`), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(RESULTS, `${base}.md`), benchMarkdown(report, findings));
  console.log(`\n${benchMarkdown(report, '')}`);
  console.log(`wrote bench/results/${base}.md and ${base}.json (work files in ${work})`);
}

await main();
