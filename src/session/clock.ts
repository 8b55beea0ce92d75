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
  /** Milliseconds on a steady clock (never set back), for deadlines: a number, where a Date would be an object per reading. */
  steadyMs(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  readonly liveTimers: number;
}

export class SystemClock implements Clock {
  private live = 0;

  now(): Date {
    return new Date();
  }

  /** Whole milliseconds, so deadlines minus readings are the exact lengths they were armed with. */
  steadyMs(): number {
    return Math.floor(performance.now());
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = new SystemTimer(this, fn, ms);
    timer.restart();
    return timer;
  }

  get liveTimers(): number {
    return this.live;
  }

  /** A timer of this clock was armed (+1) or disarmed (-1). */
  counted(delta: 1 | -1): void {
    this.live += delta;
  }
}

/**
 * One timer, as an object with methods rather than a handful of closures:
 * every waiting caller holds one, so what it costs is paid per caller.
 */
class SystemTimer implements TimerHandle {
  private armed = false;
  // Kept across restarts: re-arming the same Node timer allocates nothing. A new
  // timer for every prompt of every caller would live as long as the prompt,
  // just long enough to be copied out of V8's young generation, which is a pause.
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: SystemClock,
    private readonly fn: () => void,
    private readonly ms: number,
  ) {}

  cancel(): void {
    if (this.timer && this.armed) clearTimeout(this.timer);
    this.timer = null;
    this.disarm();
  }

  restart(): void {
    if (!this.armed) {
      this.armed = true;
      this.clock.counted(1);
    }
    if (this.timer) {
      // Re-arms a running or fired timer; a cleared one cannot be, so cancel drops it.
      this.timer.refresh();
      return;
    }
    // The timer itself is the argument: one shared function fires every caller's timer.
    this.timer = setTimeout(fire, this.ms, this);
    // Call timers never keep the process alive on their own.
    this.timer.unref();
  }

  /** Run by Node when the time is up. */
  fired(): void {
    this.disarm();
    this.fn();
  }

  private disarm(): void {
    if (!this.armed) return;
    this.armed = false;
    this.clock.counted(-1);
  }
}

function fire(timer: SystemTimer): void {
  timer.fired();
}
