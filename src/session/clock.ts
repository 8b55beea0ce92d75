/**
 * Time, passed in so tests can count and control timers. `TrackedClock`
 * keeps a count of live timers, which is how the runner proves it leaks none.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  readonly liveTimers: number;
}

export class SystemClock implements Clock {
  private live = 0;

  now(): Date {
    return new Date();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    let done = false;
    this.live++;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.live--;
    };
    const t = setTimeout(() => {
      finish();
      fn();
    }, ms);
    // Call timers never keep the process alive on their own.
    t.unref();
    return {
      cancel: () => {
        if (done) return;
        clearTimeout(t);
        finish();
      },
    };
  }

  get liveTimers(): number {
    return this.live;
  }
}
