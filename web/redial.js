// After a line the board did not hang up on purpose (its host went down, the
// network broke, the board is restarting), the page dials again by itself: a
// few times, with growing pauses, counting down in the carrier box. Behind a
// balancer the next call lands on a host that is up. A call that gets
// through starts the tries afresh; Redial dials at once.

/** The pauses before each try, in milliseconds. */
export const REDIAL_DELAYS_MS = [2000, 4000, 8000];

/**
 * `dial` places the call; `tick(seconds)` shows how long until it, once a
 * second. Timers are injectable for tests.
 */
export function createRedialer({ dial, tick, delays = REDIAL_DELAYS_MS, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let attempt = 0;
  let timer = null;
  let left = 0;

  function step() {
    if (left <= 0) {
      timer = null;
      dial();
      return;
    }
    tick(Math.ceil(left / 1000));
    const wait = Math.min(1000, left);
    left -= wait;
    timer = setTimer(step, wait);
  }

  function cancel() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  return {
    /** Count down to the next try; false when every try is used. */
    schedule() {
      cancel();
      const delay = delays[attempt];
      if (delay === undefined) return false;
      attempt++;
      left = delay;
      step();
      return true;
    },
    cancel,
    /** A call got through, or the caller dialled by hand: the next drop starts the tries afresh. */
    reset() {
      cancel();
      attempt = 0;
    },
    /** Inside a run of tries: a call that fails now is followed by the next try. */
    get trying() {
      return attempt > 0;
    },
  };
}
