/** One write's outcome inside a batch: its value, or the error that failed it alone. */
export type BatchOutcome<O> = { ok: true; value: O } | { ok: false; error: Error };

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: Error) => void;
}

/**
 * Writes that arrive while the previous batch commits go together in the
 * next one. A write that finds the line idle starts at the end of the
 * current round of input, so a quiet board adds no wait; under load each
 * commit (and its flush to disk) carries everything that queued behind the
 * one before. Each promise settles only after its batch's COMMIT.
 */
export class PgCommitLine<I, O> {
  private waiting: Array<Waiting<I, O>> = [];
  private running = false;

  constructor(
    private readonly commit: (items: readonly I[]) => Promise<Array<BatchOutcome<O>>>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outcomes = await this.commit(batch.map((w) => w.item));
        outcomes.forEach((outcome, i) => {
          const w = batch[i]!;
          if (outcome.ok) w.resolve(outcome.value);
          else w.reject(outcome.error);
        });
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const w of batch) w.reject(error);
      }
    }
    this.running = false;
  }
}
