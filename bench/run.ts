/**
 * `npm run bench [-- --quick] [--only a,b] [--profile]`: the board under load
 * from client processes of our own, on loopback, and a report in
 * bench/results/latest.md and latest.json. Every figure is reported whether
 * it meets its target or not. --profile adds CPU profiles and heap
 * snapshots of the board to the JSON report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/board.js';
import { machineInfo } from './lib/machine.js';
import type { BenchContext, Measure } from './lib/measure.js';
import { benchMarkdown, type BenchReport } from './lib/report.js';
import { connectScenario } from './scenarios/connect.js';
import { cyclesScenario } from './scenarios/cycles.js';
import { memoryScenario } from './scenarios/memory.js';
import { postingScenario } from './scenarios/posting.js';
import { roundTripScenario } from './scenarios/round-trips.js';
import { sshScenario } from './scenarios/ssh.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<Measure[]>> = {
  memory: memoryScenario,
  connect: connectScenario,
  'round-trips': roundTripScenario,
  posting: postingScenario,
  ssh: sshScenario,
  cycles: cyclesScenario,
};

const RESULTS = join(ROOT, 'bench/results');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, profile: { type: 'boolean' }, 'no-build': { type: 'boolean' }, out: { type: 'string' }, 'report-only': { type: 'boolean' } } });
  const base = values.out ?? 'latest';
  const findings = await readFile(join(ROOT, 'bench/findings.md'), 'utf8').catch(() => '');
  if (values['report-only']) {
    // Redraw the markdown from the last run's figures (after editing bench/findings.md).
    const last = JSON.parse(await readFile(join(RESULTS, `${base}.json`), 'utf8')) as BenchReport;
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
  const ctx: BenchContext = {
    quick: values.quick ?? false,
    profile: values.profile ?? false,
    work,
    log: (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`),
  };
  const measures: Measure[] = [];
  const failures: BenchReport['failures'] = [];
  for (const name of names) {
    ctx.log(`${name} ...`);
    try {
      measures.push(...(await SCENARIOS[name]!(ctx)));
    } catch (err) {
      ctx.log(`${name} failed: ${(err as Error).stack ?? String(err)}`);
      failures.push({ scenario: name, error: (err as Error).message });
    }
  }
  const report: BenchReport = {
    when: new Date(started).toISOString(),
    mode: ctx.quick ? 'quick' : 'full',
    seconds: (Date.now() - started) / 1000,
    machine,
    loadAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    measures,
    failures,
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, `${base}.json`), JSON.stringify(report, null, 2) + '\n');
  await writeFile(join(RESULTS, `${base}.md`), benchMarkdown(report, findings));
  console.log(`\n${benchMarkdown(report, '')}`);
  console.log(`wrote bench/results/${base}.md and ${base}.json (work files in ${work})`);
}

await main();
