/** One row of the report: a figure, its target, and what limits it. */
export interface Measure {
  /** A name for the row that stays the same from run to run (the measure's words may carry counts that differ). */
  key: string;
  measure: string;
  target: string;
  /** The figure as shown, with its unit. */
  result: string;
  /** The number behind it, for the JSON report. */
  value: number | null;
  unit: string;
  /** What `value` is when the unit alone does not say: 'p99', 'max'. */
  label?: string;
  /** The bound `value` must keep to meet the target; none for a row shown for reference. Repeated runs are judged on their median against it. */
  goal?: Goal;
  /** The same figure taken from the floor server in the same run (bench/floor/): what the least possible server costs. Absent: the row has no floor. */
  floor?: number | null;
  /** The bound board / floor must keep to meet the target; repeated runs are judged on the median of the per-run ratios. */
  ratioGoal?: Goal;
  /** `goal` must hold in every run, not only on the median. */
  everyRun?: boolean;
  /** This run's verdict: the goal, and whatever else the row needs (no failed calls ...). */
  met: boolean | null;
  /** How it was measured and what else was seen. */
  detail: string;
  extra?: Record<string, unknown>;
}

export interface Goal {
  min?: number;
  max?: number;
}

export function meetsGoal(value: number | null, goal: Goal | undefined): boolean | null {
  if (!goal) return null;
  if (value === null || !Number.isFinite(value)) return false;
  return (goal.min === undefined || value >= goal.min) && (goal.max === undefined || value <= goal.max);
}

/** Board / floor, when both figures exist and the floor's is above zero. */
export function floorRatio(value: number | null, floor: number | null | undefined): number | null {
  if (value === null || floor === null || floor === undefined || !Number.isFinite(value) || !Number.isFinite(floor) || floor <= 0) return null;
  return Math.round((value / floor) * 100) / 100;
}

/** A run's figure against its goals: the row's own bound, and its bound on board / floor. */
export function meetsGoals(m: Pick<Measure, 'value' | 'goal' | 'floor' | 'ratioGoal'>): boolean | null {
  const own = meetsGoal(m.value, m.goal);
  const ratio = m.ratioGoal ? meetsGoal(floorRatio(m.value, m.floor), m.ratioGoal) : null;
  if (own === null) return ratio;
  return ratio === null ? own : own && ratio;
}

export interface BenchContext {
  /** The folder the floor server replays from (captured from this run's board), or null when no scenario needs it. */
  floor: string | null;
  quick: boolean;
  profile: boolean;
  work: string;
  log(message: string): void;
}
