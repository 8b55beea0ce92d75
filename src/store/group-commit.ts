import type { Database } from 'better-sqlite3';

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: Error) => void;
}

/**
 * Writes that arrive together commit together. Every write handed in while
 * the event loop is busy with one round of input waits for the end of that
 * round, then all of them run in one IMMEDIATE transaction: one WAL append
 * and one lock instead of one each, which is what limits a busy board's
 * posting rate. Each write still runs in its own savepoint, so one that
 * throws fails alone, and each promise settles only after the COMMIT, so a
 * caller told "posted" has a message that survives a crash.
 */
export class GroupCommit<I, O> {
  private waiting: Array<Waiting<I, O>> = [];
  private readonly commitAll: (batch: ReadonlyArray<Waiting<I, O>>) => Array<{ ok: true; value: O } | { ok: false; error: Error }>;

  /**
   * `windowMs` 0: the writes of one round of input commit at its end. More: the
   * first write waits that long for others to join it, for writes nobody waits
   * on (the call log), where fewer commits matter more than an early one.
   */
  constructor(
    db: Database,
    write: (item: I) => O,
    private readonly windowMs = 0,
  ) {
    const one = db.transaction(write);
    const all = db.transaction((batch: ReadonlyArray<Waiting<I, O>>) =>
      batch.map((w) => {
        try {
          return { ok: true as const, value: one(w.item) };
        } catch (err) {
          // SQLite undoes the whole transaction on some errors (a full disk, an I/O
          // error), not only the write's savepoint: the writes before it are gone, and
          // one after it would run in a transaction of its own. Fail the whole batch
          // with this error, whose code says what happened.
          if (!db.inTransaction) throw err;
          return { ok: false as const, error: err instanceof Error ? err : new Error(String(err)) };
        }
      }),
    );
    this.commitAll = (batch) => all.immediate(batch);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length !== 1) return;
      if (this.windowMs > 0) setTimeout(() => this.flush(), this.windowMs);
      else setImmediate(() => this.flush());
    });
  }

  /** Commit what is waiting now (the store calls this before it closes). */
  flush(): void {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    let outcomes;
    try {
      outcomes = this.commitAll(batch);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const w of batch) w.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const w = batch[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
