/**
 * Time, passed in so tests can count and control timers. `TrackedClock`
 * keeps a count of live timers, which is how the runner proves it leaks none.
 */

export interface TimerHandle {
  cancel(): void;
  /** Arm it again for its full time, from now, whether it fired, was cancelled or is still running. */
  restart(): void;
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
    let armed = false;
    // Kept across restarts: re-arming the same Node timer allocates nothing. A new
    // timer for every prompt of every caller would live as long as the prompt,
    // just long enough to be copied out of V8's young generation, which is a pause.
    let timer: NodeJS.Timeout | null = null;
    const disarm = (): void => {
      if (!armed) return;
      armed = false;
      this.live--;
    };
    const arm = (): void => {
      if (!armed) {
        armed = true;
        this.live++;
      }
      if (timer) {
        // Re-arms a running or fired timer; a cleared one cannot be, so cancel drops it.
        timer.refresh();
        return;
      }
      timer = setTimeout(() => {
        disarm();
        fn();
      }, ms);
      // Call timers never keep the process alive on their own.
      timer.unref();
    };
    arm();
    return {
      cancel: () => {
        if (timer && armed) clearTimeout(timer);
        timer = null;
        disarm();
      },
      restart: arm,
    };
  }

  get liveTimers(): number {
    return this.live;
  }
}
