import type { MachineInfo } from './machine.js';
import type { Measure } from './measure.js';
import { benchRows, type BenchRow, type BenchRun } from './runs.js';

export interface BenchReport {
  when: string;
  mode: 'full' | 'quick';
  /** The scenarios asked for with --only; every scenario when absent. */
  only?: string[];
  seconds: number;
  machine: MachineInfo;
  loadAtEnd: number[];
  /** Every run's own figures, in the order they ran. */
  runs: BenchRun[];
  /** The table: each row's median and range over the runs (derived from `runs`, kept for readers of the JSON). */
  rows: BenchRow[];
}

/** A report written before repeated runs held one run's `measures` and `failures` at the top: read it as one run. */
export function readReport(json: unknown): BenchReport {
  const r = json as BenchReport & { measures?: Measure[]; failures?: BenchRun['failures'] };
  if (Array.isArray(r.runs)) return { ...r, rows: benchRows(r.runs) };
  const run: BenchRun = { run: 1, when: r.when, seconds: r.seconds, loadAtStart: r.machine.loadAtStart, loadAtEnd: r.loadAtEnd, measures: r.measures ?? [], failures: r.failures ?? [] };
  return { when: r.when, mode: r.mode, seconds: r.seconds, machine: r.machine, loadAtEnd: r.loadAtEnd, runs: [run], rows: benchRows([run]) };
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A figure with its unit, as the rows show them: "14.9 KiB", "+2.4%", "14.18× sshd". */
function figure(v: number, unit: string): string {
  if (unit === '%') return `${v > 0 ? '+' : ''}${v}%`;
  return unit.startsWith('×') ? `${v}${unit}` : `${v} ${unit}`;
}

function medianCell(row: BenchRow): string {
  return row.median === null ? 'no figure' : `${row.label ? `${row.label} ` : ''}${figure(row.median, row.unit)}`;
}

function rangeCell(row: BenchRow): string {
  if (row.min === null || row.max === null) return '–';
  const unit = row.unit === '%' ? '%' : row.unit.startsWith('×') ? row.unit : ` ${row.unit}`;
  const sign = (v: number): string => (row.unit === '%' && v > 0 ? `+${v}` : String(v));
  return `${sign(row.min)} – ${sign(row.max)}${unit}`;
}

/** The floor server's figure (the median over runs), or – for a row with no floor. */
function floorCell(row: BenchRow): string {
  if (row.floorMedian === null) return '–';
  return `${row.label ? `${row.label} ` : ''}${figure(row.floorMedian, row.unit)}`;
}

/** Board / floor: the median of each run's own ratio. */
function ratioCell(row: BenchRow): string {
  return row.ratio === null ? '–' : `${row.ratio}×`;
}

function verdictCell(row: BenchRow, runs: number): string {
  if (row.met === null) return '–';
  const word = row.met ? 'met' : '**missed**';
  if (runs === 1) return word;
  const short = row.runs < runs ? `; ${runs - row.runs} did not run` : '';
  return `${word} (${row.runsMet} of ${runs} runs met it${short})`;
}

function command(r: BenchReport): string {
  const flags = [...(r.mode === 'quick' ? ['--quick'] : []), ...(r.runs.length > 1 ? [`--runs ${r.runs.length}`] : []), ...(r.only ? [`--only ${r.only.join(',')}`] : [])];
  return `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
}

/** The report as markdown: the machine, the table, then how each figure was taken and what was found. */
export function benchMarkdown(r: BenchReport, findings: string): string {
  const m = r.machine;
  const runs = r.runs.length;
  const rows = benchRows(r.runs);
  const measureOf = (row: BenchRow): Measure | undefined => r.runs.find((x) => x.run === row.medianRun)?.measures.find((x) => (x.key ?? x.measure) === row.key);
  const perRun = (row: BenchRow): string =>
    r.runs
      .map((x) => {
        const mine = x.measures.find((y) => (y.key ?? y.measure) === row.key);
        return `${x.run}: ${mine ? mine.result : 'did not run'}`;
      })
      .join('; ');
  const loads = runs > 1 ? ` (each run's start and end: ${r.runs.map((x) => `${x.loadAtStart[0]} → ${x.loadAtEnd[0]}`).join(', ')})` : '';
  return [
    '# Benchmark',
    '',
    `\`${command(r)}\` on ${r.when.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(r.seconds)} s, commit ${m.commit}${runs > 1 ? `: ${runs} runs, every scenario on a fresh board in each` : ''}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.os}. Load average ${m.loadAtStart.join(' / ')} at the start and ${r.loadAtEnd.join(' / ')} at the end (1/5/15 min; anything above 0 is other work on the machine)${loads}.`,
    'The board runs as its own process (compiled, as a sysop runs it); the callers run in other processes, so memory figures are the board alone. Every connection is on loopback.',
    'The floor column is the same load on the floor server (bench/floor/): a process that replays the bytes this run captured from the board (negotiation, banner, main menu) and does nothing else, taken in the same run; board / floor is the median of the runs\' own ratios, and holds better from one machine to the next than either figure.',
    runs > 1 ? `Each row shows the median of its ${runs} runs and their range (lowest – highest); a target is judged on the median, and the last column says how many runs met it on their own.` : '',
    '',
    // One run has no range to show: its own results, as they were written.
    ...(runs > 1
      ? [
          `| measure | target | median | range (${runs} runs) | floor | board / floor | |`,
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...rows.map((x) => `| ${cell(x.measure)} | ${cell(x.target)} | ${cell(medianCell(x))} | ${cell(rangeCell(x))} | ${cell(floorCell(x))} | ${ratioCell(x)} | ${verdictCell(x, runs)} |`),
          ...r.runs.flatMap((x) => x.failures.map((f) => `| ${cell(f.scenario)} | | run ${x.run} did not run: ${cell(f.error.slice(0, 200))} | | | | **failed** |`)),
        ]
      : [
          '| measure | target | result | floor | board / floor | |',
          '| --- | --- | --- | --- | --- | --- |',
          ...rows.map((x) => `| ${cell(x.measure)} | ${cell(x.target)} | ${cell(measureOf(x)?.result ?? medianCell(x))} | ${cell(floorCell(x))} | ${ratioCell(x)} | ${verdictCell(x, runs)} |`),
          ...r.runs.flatMap((x) => x.failures.map((f) => `| ${cell(f.scenario)} | | did not run: ${cell(f.error.slice(0, 200))} | | | **failed** |`)),
        ]),
    '',
    '## How each figure was taken',
    '',
    ...rows.map((x) => {
      const shown = measureOf(x);
      const which = runs > 1 ? ` (figures from run ${x.medianRun}, the median run; each run: ${perRun(x)})` : '';
      return `- **${x.measure}**: ${shown?.detail ?? ''}${which}`;
    }),
    '',
    findings.trim(),
    '',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
}
