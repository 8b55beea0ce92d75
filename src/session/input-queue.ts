import { CallEndedError } from './errors.js';

/** Told each time a line was longer than its prompt takes, so the caller can be told it was cut. */
export interface LineCutListener {
  lineCut(maxLength: number): void;
}

/**
 * Lines a caller typed, waiting for the conversation to ask for them.
 * Bounded: type-ahead beyond `limit` lines is dropped (the oldest lines are
 * kept, because they answer the prompts that come first).
 */
export class InputQueue {
  /** Made only when a line arrives with no reader waiting: most callers never type ahead. */
  private lines: string[] | null = null;
  /** The pending read, kept as fields rather than an object per prompt. */
  private resolve: ((line: string) => void) | null = null;
  private reject: ((err: Error) => void) | null = null;
  private waitMax = 0;
  private failure: Error | null = null;

  constructor(
    private readonly limit: number,
    private readonly onCut?: LineCutListener,
  ) {}

  push(line: string): void {
    if (this.failure) return;
    if (this.resolve) {
      const resolve = this.resolve;
      this.resolve = this.reject = null;
      resolve(this.clip(line, this.waitMax));
    } else {
      this.lines ??= [];
      if (this.lines.length < this.limit) this.lines.push(line);
    }
  }

  get waiting(): boolean {
    return this.resolve !== null;
  }

  get length(): number {
    return this.lines?.length ?? 0;
  }

  /**
   * Next line, cut to `maxLength` characters, or rejection once the queue
   * has failed. Only one reader at a time.
   */
  next(maxLength = Infinity): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const line = this.lines?.shift();
    // Typed-ahead lines are handed over on a later turn of the event loop, so
    // one caller's queue cannot run prompt after prompt while everyone waits.
    if (line !== undefined) return new Promise((resolve) => setImmediate(resolve, this.clip(line, maxLength)));
    if (this.resolve) return Promise.reject(new Error('two readers on one input queue'));
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.waitMax = maxLength;
    });
  }

  /** The first queued line, cut to `maxLength`, taken now rather than awaited; undefined when none is queued. */
  take(maxLength: number): string | undefined {
    const line = this.lines?.shift();
    return line === undefined ? undefined : this.clip(line, maxLength);
  }

  /** Reject the pending read and every later one; drop queued lines. */
  fail(err: CallEndedError): void {
    if (this.failure) return;
    this.failure = err;
    this.lines = null;
    const reject = this.reject;
    this.resolve = this.reject = null;
    reject?.(err);
  }

  private clip(line: string, maxLength: number): string {
    const cut = clip(line, maxLength);
    if (cut !== line) this.onCut?.lineCut(maxLength);
    return cut;
  }
}

/** At most `maxLength` characters (code points, so a cut never splits one). */
function clip(line: string, maxLength: number): string {
  // A string has at least as many UTF-16 units as code points: short ones need no counting.
  return line.length <= maxLength ? line : [...line].slice(0, maxLength).join('');
}
