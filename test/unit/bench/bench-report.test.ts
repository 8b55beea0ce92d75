import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineInfo } from '../../../bench/lib/machine.js';
import type { Measure } from '../../../bench/lib/measure.js';
import { benchMarkdown, readReport, type BenchReport } from '../../../bench/lib/report.js';
import { benchRows, median, type BenchRun } from '../../../bench/lib/runs.js';

const machine: MachineInfo = { cpu: 'test cpu', cores: 2, memoryGiB: 4, node: 'v20', os: 'linux', commit: 'abc', loadAtStart: [0, 0, 0] };

function p99Row(value: number, met = value <= 20): Measure {
  return { key: 'rt', measure: `round trip with ${value} callers`, target: 'p99 ≤ 20 ms', result: `p99 ${value} ms`, value, unit: 'ms', label: 'p99', goal: { max: 20 }, met, detail: `run with ${value}` };
}

function run(n: number, measures: Measure[], failures: BenchRun['failures'] = []): BenchRun {
  return { run: n, when: '2026-01-01T00:00:00.000Z', seconds: 1, loadAtStart: [n, 0, 0], loadAtEnd: [n, 0, 0], measures, failures };
}

function report(runs: BenchRun[]): BenchReport {
  return { when: '2026-01-01T00:00:00.000Z', mode: 'full', seconds: 3, machine, loadAtEnd: [0, 0, 0], runs, rows: benchRows(runs) };
}

test('the median of an odd count is the middle figure, of an even count the mean of the two middle ones', () => {
  assert.equal(median([30, 5, 12]), 12);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('a row over three runs shows the median and the range, is judged on the median, and counts the runs that met it', () => {
  const runs = [run(1, [p99Row(25)]), run(2, [p99Row(12)]), run(3, [p99Row(18)])];
  const [row] = benchRows(runs);
  assert.deepEqual([row!.median, row!.min, row!.max, row!.runsMet, row!.met, row!.medianRun], [18, 12, 25, 2, true, 3]);
  const md = benchMarkdown(report(runs), '');
  assert.match(md, /\| round trip with 18 callers \| p99 ≤ 20 ms \| p99 18 ms \| 12 – 25 ms \| – \| – \| met \(2 of 3 runs met it\) \|/);
  assert.match(md, /figures from run 3, the median run; each run: 1: p99 25 ms; 2: p99 12 ms; 3: p99 18 ms/);
});

test('a median inside the goal does not cover for a run that missed for another reason', () => {
  // Run 2's figure is fine but it missed (a caller never logged in): the row cannot be met.
  const [row] = benchRows([run(1, [p99Row(10)]), run(2, [p99Row(11, false)]), run(3, [p99Row(12)])]);
  assert.equal(row!.median, 11);
  assert.equal(row!.met, false);
  assert.equal(row!.runsMet, 2);
});

test('a scenario that failed in one run shows as failed for that run, and the row says a run is missing', () => {
  const runs = [run(1, [p99Row(10)]), run(2, [], [{ scenario: 'round-trips', error: 'board did not start' }]), run(3, [p99Row(14)])];
  const md = benchMarkdown(report(runs), '');
  assert.match(md, /met \(2 of 3 runs met it; 1 did not run\)/);
  assert.match(md, /\| round-trips \| \| run 2 did not run: board did not start \| \| \| \| \*\*failed\*\* \|/);
});

test('a report from before repeated runs is read as one run and drawn as it was', () => {
  const legacy = { when: '2026-01-01T00:00:00.000Z', mode: 'full', seconds: 3, machine, loadAtEnd: [0, 0, 0], measures: [{ ...p99Row(30), key: undefined, goal: undefined }], failures: [] };
  const r = readReport(legacy);
  assert.equal(r.runs.length, 1);
  const md = benchMarkdown(r, '');
  assert.match(md, /\| measure \| target \| result \| floor \| board \/ floor \| \|/);
  assert.match(md, /\| round trip with 30 callers \| p99 ≤ 20 ms \| p99 30 ms \| – \| – \| \*\*missed\*\* \|/);
});

function withFloor(value: number, floor: number): Measure {
  return { ...p99Row(value), goal: { max: 5 }, floor, ratioGoal: { max: 3 }, everyRun: true, met: value <= 5 && value / floor <= 3 };
}

test('a row with a floor shows the floor median and the median of the per-run ratios, and is judged on both', () => {
  const runs = [run(1, [withFloor(3, 1)]), run(2, [withFloor(4, 2)]), run(3, [withFloor(2, 0.5)])];
  const [row] = benchRows(runs);
  // Ratios 3, 2 and 4: their median is 3, not median board / median floor (3 / 1).
  assert.deepEqual([row!.floorValues, row!.floorMedian, row!.ratios, row!.ratio], [[1, 2, 0.5], 1, [3, 2, 4], 3]);
  assert.equal(row!.met, true, 'the median ratio 3 is within ≤ 3×, though run 3 alone was not');
  assert.match(benchMarkdown(report(runs), ''), /\| p99 3 ms \| 2 – 4 ms \| p99 1 ms \| 3× \| met \(2 of 3 runs met it\) \|/);
  const [over] = benchRows([run(1, [withFloor(3, 0.5)]), run(2, [withFloor(4, 1)]), run(3, [withFloor(2, 0.5)])]);
  assert.equal(over!.ratio, 4);
  assert.equal(over!.met, false, 'a median ratio past its bound misses');
});

test('a bound that must hold in every run misses when one run passes it, whatever the median', () => {
  const [row] = benchRows([run(1, [withFloor(3, 2)]), run(2, [withFloor(6, 3)]), run(3, [withFloor(4, 2)])]);
  assert.equal(row!.median, 4);
  assert.equal(row!.ratio, 2);
  assert.equal(row!.met, false);
  const [plain] = benchRows([run(1, [{ ...withFloor(3, 2), everyRun: false }]), run(2, [{ ...withFloor(6, 3), everyRun: false }]), run(3, [{ ...withFloor(4, 2), everyRun: false }])]);
  assert.equal(plain!.met, true, 'without it the median decides');
});
