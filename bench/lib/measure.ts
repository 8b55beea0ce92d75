/** One row of the report: a figure, its target, and what limits it. */
export interface Measure {
  measure: string;
  target: string;
  /** The figure as shown, with its unit. */
  result: string;
  /** The number behind it, for the JSON report. */
  value: number | null;
  unit: string;
  met: boolean | null;
  /** How it was measured and what else was seen. */
  detail: string;
  extra?: Record<string, unknown>;
}

export interface BenchContext {
  quick: boolean;
  profile: boolean;
  work: string;
  log(message: string): void;
}
