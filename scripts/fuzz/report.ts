import type { FuzzReport } from './kit.js';

/** The fuzz report as markdown: one row per parser, then every distinct failure with its input. */
export function fuzzMarkdown(reports: readonly FuzzReport[], run: { seed: number; count: number; wallMs: number }): string {
  const rows = reports.map(
    (r) => `| ${r.name} | ${r.target} | ${r.inputs.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(1)} MB | ${(r.ms / 1000).toFixed(1)} s | ${r.slowestMs} ms | ${r.crashes} |`,
  );
  const failures = reports.flatMap((r) => r.failures.map((f) => `- **${r.name}** input #${f.index} (seed ${r.seed}): ${f.message}\n  \`${f.input.slice(0, 400)}\``));
  return [
    '# Fuzzing',
    '',
    `\`npm run fuzz\` on ${new Date().toISOString().slice(0, 10)}: seed ${run.seed}, ${run.count.toLocaleString('en')} inputs per parser, ${(run.wallMs / 1000).toFixed(0)} s wall time (two fuzzers at a time).`,
    'Inputs are random and mutated streams seeded from real captures in `scripts/fuzz/corpus/`. A crash is any input that threw or broke one of the rules in the fuzzer file.',
    '',
    '| fuzzer | parser | inputs | bytes | time | slowest input | crashes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    failures.length ? '## Failures\n\n' + failures.join('\n') : 'No input broke a rule in this run.',
    '',
  ].join('\n');
}
