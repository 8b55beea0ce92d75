/** Types for the page's redial countdown (redial.js), for the tests that import it. */
export const REDIAL_DELAYS_MS: readonly number[];

export interface Redialer {
  schedule(): boolean;
  cancel(): void;
  reset(): void;
  readonly trying: boolean;
}

export function createRedialer(options: {
  dial: () => void;
  tick: (seconds: number) => void;
  delays?: readonly number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: never) => void;
}): Redialer;
