import type { MachineInfo } from './machine.js';
import type { Measure } from './measure.js';

export interface BenchReport {
  when: string;
  mode: 'full' | 'quick';
  seconds: number;
  machine: MachineInfo;
  loadAtEnd: number[];
  measures: Measure[];
  failures: { scenario: string; error: string }[];
}

const mark = (m: Measure): string => (m.met === null ? '–' : m.met ? 'met' : '**missed**');
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as markdown: the machine, the table, then how each figure was taken and what was found. */
export function benchMarkdown(r: BenchReport, findings: string): string {
  const m = r.machine;
  return [
    '# Benchmark',
    '',
    `\`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\` on ${r.when.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(r.seconds)} s, commit ${m.commit}.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}; ${m.os}. Load average ${m.loadAtStart.join(' / ')} at the start and ${r.loadAtEnd.join(' / ')} at the end (1/5/15 min; anything above 0 is other work on the machine).`,
    'The board runs as its own process (compiled, as a sysop runs it); the callers run in other processes, so memory figures are the board alone. Every connection is on loopback.',
    '',
    '| measure | target | result | |',
    '| --- | --- | --- | --- |',
    ...r.measures.map((x) => `| ${cell(x.measure)} | ${cell(x.target)} | ${cell(x.result)} | ${mark(x)} |`),
    ...r.failures.map((f) => `| ${cell(f.scenario)} | | did not run: ${cell(f.error.slice(0, 200))} | **failed** |`),
    '',
    '## How each figure was taken',
    '',
    ...r.measures.map((x) => `- **${x.measure}**: ${x.detail}`),
    '',
    findings.trim(),
    '',
  ].join('\n');
}
