/**
 * `npm run fuzz`: every fuzzer for COUNT inputs (default 1,000,000 each),
 * two at a time (one per core), then a report in bench/results/fuzz.md and
 * fuzz.json. Exits 1 when any input broke a rule.
 *
 *   node --import tsx scripts/fuzz/run-all.ts [--count N] [--seed S] [--only a,b] [--jobs N]
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FuzzReport } from './kit.js';
import { FUZZERS } from './targets.js';
import { fuzzMarkdown } from './report.js';

const RESULTS = new URL('../../bench/results/', import.meta.url);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, jobs: { type: 'string' }, child: { type: 'string' } } });
  const count = Number(values.count ?? 1_000_000);
  const seed = Number(values.seed ?? Date.now() % 2 ** 31);
  if (values.child) {
    process.send!(FUZZERS[values.child]!(count, seed));
    return;
  }
  const names = values.only ? values.only.split(',') : Object.keys(FUZZERS);
  for (const n of names) if (!FUZZERS[n]) throw new Error(`no fuzzer named ${n}; there are ${Object.keys(FUZZERS).join(', ')}`);
  const jobs = Number(values.jobs ?? Math.max(1, Math.min(2, cpus().length)));
  const started = Date.now();
  const reports: FuzzReport[] = [];
  const queue = [...names];
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const report = await runChild(name, count, seed);
        console.log(`${name}: ${report.inputs} inputs, ${report.crashes} crashes, ${(report.ms / 1000).toFixed(1)} s`);
        reports.push(report);
      }
    }),
  );
  reports.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  await mkdir(RESULTS, { recursive: true });
  const wallMs = Date.now() - started;
  await writeFile(new URL('fuzz.json', RESULTS), JSON.stringify({ when: new Date().toISOString(), seed, count, wallMs, reports }, null, 2) + '\n');
  await writeFile(new URL('fuzz.md', RESULTS), fuzzMarkdown(reports, { seed, count, wallMs }));
  console.log(`wrote bench/results/fuzz.md (${(wallMs / 1000).toFixed(0)} s)`);
  if (reports.some((r) => r.crashes > 0)) process.exitCode = 1;
}

/** Each fuzzer in its own process: two cores, and a crash of one cannot hide the others' results. */
function runChild(name: string, count: number, seed: number): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', name, '--count', String(count), '--seed', String(seed)], { execArgv: ['--import', 'tsx'] });
    let report: FuzzReport | undefined;
    child.on('message', (m) => (report = m as FuzzReport));
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`fuzzer ${name} exited ${code} without a report`))));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
