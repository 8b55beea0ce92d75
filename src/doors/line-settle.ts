/**
 * When a file transfer ends, the caller's terminal program may still have
 * bytes on their way: blocks it sent before it heard the cancel, the
 * kernel's and the network's buffers of a wire that was held, a cancel's
 * CANs typed after the program died. Handed back as they are, those bytes
 * would reach the next menu as keys (one of them a hot key, the rest a
 * chat line). So the line is read and dropped until it has been quiet for
 * a moment, as boards have always purged their input after a transfer;
 * a line that never goes quiet is given back after a bound.
 */
export interface LineSettleOptions {
  /** The line must be this quiet before the caller has it back. */
  quietMs: number;
  /** Given back after this long however busy the line is. */
  maxMs: number;
}

export const TRANSFER_SETTLE: LineSettleOptions = { quietMs: 500, maxMs: 10_000 };

export class LineSettle {
  private lastInput = 0;
  private startedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private done: (() => void) | null = null;
  /** Bytes dropped while settling, for the log line. */
  dropped = 0;

  constructor(private readonly o: LineSettleOptions) {}

  get settling(): boolean {
    return this.done !== null;
  }

  /** Begin; `done` runs once, when the line has been quiet long enough (or the bound passed). */
  start(done: () => void): void {
    if (this.done) return;
    this.done = done;
    this.startedAt = this.lastInput = Date.now();
    this.arm(this.o.quietMs);
  }

  /** Bytes came while settling: dropped, and the quiet starts again. */
  input(length: number): void {
    if (!this.done) return;
    this.dropped += length;
    this.lastInput = Date.now();
  }

  /** Give the line back now (the caller hung up). */
  finishNow(): void {
    const done = this.done;
    if (!done) return;
    this.done = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    done();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = null;
    const now = Date.now();
    const quietFor = now - this.lastInput;
    const left = this.startedAt + this.o.maxMs - now;
    if (quietFor >= this.o.quietMs || left <= 0) return this.finishNow();
    this.arm(Math.min(this.o.quietMs - quietFor, left));
  }
}
