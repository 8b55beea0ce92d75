/**
 * A small linear congruential generator: the same seed gives the same
 * sequence on every run, so a random test that fails fails again.
 * `rand(n)` is an integer from 0 to n - 1.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n: number): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}
