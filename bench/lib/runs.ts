import { floorRatio, meetsGoal, meetsGoals, type Goal, type Measure } from './measure.js';
import { round } from './stats.js';

/** One full pass over the chosen scenarios, each on a fresh board. */
export interface BenchRun {
  run: number;
  when: string;
  seconds: number;
  loadAtStart: number[];
  loadAtEnd: number[];
  measures: Measure[];
  failures: { scenario: string; error: string }[];
}

/**
 * One row of the table over every run: latencies on a shared two-core
 * machine scatter from run to run, so a row shows the median and the range
 * of its runs, and its target is judged on the median.
 */
export interface BenchRow {
  key: string;
  measure: string;
  target: string;
  unit: string;
  label?: string;
  goal?: Goal;
  /** One figure per run that produced the row, in run order (null: the run could not take it). */
  values: (number | null)[];
  median: number | null;
  min: number | null;
  max: number | null;
  /** The floor server's figure in each run (null: none that run); empty when the row has no floor. */
  floorValues: (number | null)[];
  floorMedian: number | null;
  /** Board / floor in each run that has both. */
  ratios: (number | null)[];
  /** The median of the per-run ratios (not the ratio of the medians: each run's pair shared its machine's moment). */
  ratio: number | null;
  ratioGoal?: Goal;
  /** Runs whose own verdict was met. */
  runsMet: number;
  runs: number;
  /** On the median, and no run missed for a reason other than its figure (a failed call, a caller who never logged in). */
  met: boolean | null;
  /** The run whose figure is the median (or nearest it): its details are the ones shown. */
  medianRun: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rows in the order they first appear, each gathered from every run by its key. */
export function benchRows(runs: readonly BenchRun[]): BenchRow[] {
  const byKey = new Map<string, { run: BenchRun; m: Measure }[]>();
  for (const run of runs) {
    for (const m of run.measures) {
      const key = m.key ?? m.measure;
      byKey.set(key, [...(byKey.get(key) ?? []), { run, m }]);
    }
  }
  return [...byKey.entries()].map(([key, seen]) => {
    const last = seen[seen.length - 1]!.m;
    const numbers = seen.map((s) => s.m.value).filter((v): v is number => v !== null && Number.isFinite(v));
    const mid = numbers.length ? round(median(numbers)) : null;
    const closest = seen.reduce((best, s) => (mid !== null && s.m.value !== null && Math.abs(s.m.value - mid) < Math.abs((best.m.value ?? Infinity) - mid) ? s : best), seen[0]!);
    const goal = last.goal;
    const ratioGoal = last.ratioGoal;
    const hasFloor = seen.some((s) => s.m.floor !== undefined);
    const floors = hasFloor ? seen.map((s) => s.m.floor ?? null) : [];
    const floorNumbers = floors.filter((v): v is number => v !== null && Number.isFinite(v));
    const ratios = hasFloor ? seen.map((s) => floorRatio(s.m.value, s.m.floor)) : [];
    const ratioNumbers = ratios.filter((v): v is number => v !== null);
    const ratio = ratioNumbers.length ? round(median(ratioNumbers)) : null;
    // A run that missed with its figures inside the goals missed for something else: the median cannot cover for it.
    const sound = seen.every((s) => s.m.met !== false || meetsGoals({ ...s.m, goal, ratioGoal }) === false);
    // Some bounds hold in every run (a latency a caller must never wait past), not only on the median.
    const everyRun = !last.everyRun || seen.every((s) => meetsGoal(s.m.value, goal) !== false);
    const ownOnMedian = meetsGoal(mid, goal);
    const ratioOnMedian = ratioGoal ? meetsGoal(ratio, ratioGoal) : null;
    const onMedian = ownOnMedian === null ? ratioOnMedian : ratioOnMedian === null ? ownOnMedian : ownOnMedian && ratioOnMedian;
    return {
      key,
      measure: last.measure,
      target: last.target,
      unit: last.unit,
      ...(last.label ? { label: last.label } : {}),
      ...(goal ? { goal } : {}),
      values: seen.map((s) => s.m.value),
      median: mid,
      min: numbers.length ? Math.min(...numbers) : null,
      max: numbers.length ? Math.max(...numbers) : null,
      floorValues: floors,
      floorMedian: floorNumbers.length ? round(median(floorNumbers)) : null,
      ratios,
      ratio,
      ...(ratioGoal ? { ratioGoal } : {}),
      runsMet: seen.filter((s) => s.m.met === true).length,
      runs: seen.length,
      met: onMedian === null ? (seen.every((s) => s.m.met === null) ? null : seen.every((s) => s.m.met === true)) : onMedian && sound && everyRun,
      medianRun: closest.run.run,
    };
  });
}
