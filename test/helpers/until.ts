import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';

/** What a truthy check lets through. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/**
 * Poll `fn` until it returns a truthy value, and return that value. After
 * `ms` it throws, naming `what` and the last value seen, so a test that
 * waits for state fails with what it was waiting for instead of hanging or
 * asserting too early. `what` may be a function: it is called only on
 * failure, to describe the state then (the output so far, say).
 *
 * `fn` is called once more at the deadline, so a slow machine that reached
 * the state just in time still passes. An error thrown by `fn` is not
 * retried: it fails the wait at once (a closed connection, an exited
 * process), since waiting longer cannot help.
 */
export async function until<T>(what: string | (() => string), fn: () => T | Promise<T>, ms = 5000, everyMs = 10): Promise<Truthy<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const last = await fn();
    if (last) return last as Truthy<T>;
    if (Date.now() >= deadline) {
      const name = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${ms} ms waiting for ${name}; last value: ${inspect(last, { depth: 2, breakLength: Infinity })}`);
    }
    await sleep(Math.min(everyMs, Math.max(1, deadline - Date.now())));
  }
}
