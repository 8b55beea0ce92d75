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

export interface BenchContext {
  quick: boolean;
  profile: boolean;
  work: string;
  log(message: string): void;
}
