/**
 * The one line password hashes stand in, first come first served. A hash
 * takes one of a few turns (one per hashing thread); the rest wait here in
 * the order they arrived, whatever wire their caller came in on. A waiter
 * can read its place in line, leaves it the moment its caller hangs up (no
 * hash is spent on them), and a login that would join a full line is
 * refused at once: a clear "try again shortly" beats a wait nobody sees end.
 */

/** How one hash waits for its turn. */
export interface QueueWait {
  /** Fires when the caller is gone: a waiting hash leaves the line at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Told how many hashes wait ahead when the turn does not come at once,
   * and again each time the line ahead moves. Not told when the turn comes.
   */
  onPlace?: (ahead: number) => void;
  /**
   * Refuse (QueueFullError) rather than wait when the line is full. Logins
   * ask for this: their caller can be told. Hashes a caller already waits
   * on for another reason (a new account, a changed password) do not.
   */
  bounded?: boolean;
}

/** The line is full: the hash was not queued and will not run. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`password check refused: ${waiting} already waiting`);
  }
}

/** Gives back a turn. */
type Release = () => void;

interface Waiter {
  start: () => void;
  onPlace: ((ahead: number) => void) | undefined;
}

export interface TurnQueueCounts {
  running: number;
  waiting: number;
  /** Hashes given a turn since start. */
  served: number;
  /** Waiters whose caller hung up before their turn: no hash was spent on them. */
  left: number;
  /** Bounded waits refused because the line was full. */
  refused: number;
}

export class TurnQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private served = 0;
  private left = 0;
  private refused = 0;

  /** `turns`: hashes at once; `maxWaiting`: the longest line a bounded wait joins. */
  constructor(
    private readonly turns: number,
    private readonly maxWaiting: number,
  ) {}

  /** Wait for a turn; resolves with the function that gives it back (call it in a finally). */
  take(wait: QueueWait = {}): Promise<Release> {
    const { signal } = wait;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.running < this.turns && this.waiting.length === 0) return Promise.resolve(this.grant());
    if (wait.bounded && this.waiting.length >= this.maxWaiting) {
      this.refused++;
      return Promise.reject(new QueueFullError(this.waiting.length));
    }
    return new Promise<Release>((resolve, reject) => {
      const leave = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        this.left++;
        reject(signal?.reason as Error);
        this.moved(at);
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', leave);
          resolve(this.grant());
        },
        onPlace: wait.onPlace,
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', leave, { once: true });
      try {
        waiter.onPlace?.(this.waiting.length - 1);
      } catch {
        // As in moved(): the place is kept whether or not it could be shown.
      }
    });
  }

  counts(): TurnQueueCounts {
    return { running: this.running, waiting: this.waiting.length, served: this.served, left: this.left, refused: this.refused };
  }

  private grant(): Release {
    this.running++;
    this.served++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.running--;
      const next = this.waiting.shift();
      if (!next) return;
      next.start();
      this.moved(0);
    };
  }

  /** Everyone from index `from` on moved up one place: tell them where they stand now. */
  private moved(from: number): void {
    for (let i = from; i < this.waiting.length; i++) {
      try {
        this.waiting[i]!.onPlace?.(i);
      } catch {
        // One caller's display failing (their call just ended) must not stop the line for the rest.
      }
    }
  }
}
