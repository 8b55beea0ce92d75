/**
 * A lazy loader held back until the test lets it finish, counting how often
 * it was asked: for checking that callers who arrive during a slow first
 * load wait for it, and that it runs once for all of them.
 */
export interface HeldLoad<T> {
  load: () => Promise<T>;
  /** Let every load that is waiting (and every later one) finish. */
  release: () => void;
  readonly calls: number;
}

export function heldLoad<T>(finish: () => Promise<T>): HeldLoad<T> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = {
    calls: 0,
    release,
    load: async (): Promise<T> => {
      held.calls++;
      await released;
      return finish();
    },
  };
  return held;
}
