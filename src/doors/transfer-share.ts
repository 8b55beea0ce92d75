/**
 * How much of the board bulk file transfers get while other callers are
 * typing. Every transfer's program, its CRC and escaping, the board carrying
 * its bytes and the caller's side of it compete for the same few cores as
 * the callers at the menus; at full speed five downloads take them all, and
 * a key at a menu waits behind the next blocks. So while someone has typed
 * in the last few seconds, every transfer on the board together is paced to
 * one rate: each transfer, after a block, waits until the board-wide line
 * would have carried everything charged to it so far. Nobody typing: no
 * pace, a download runs as fast as the line takes it.
 *
 * Pure: the clock is passed in; the transfer does the waiting.
 */
interface TransferShareOptions {
  /** Bytes a second all transfers together may send while callers are typing; 0 for no pace at all. */
  bytesPerSecond: number;
  /** How long after a caller's last line (or key at a menu) the pace holds. */
  activeMs: number;
  now?: () => number;
}

/** A typist's pause between words is a few seconds; a caller reading a screen has left the keyboard. */
export const TYPING_WINDOW_MS = 5000;

/** A caller's last line: who, and when. */
interface Typed {
  call: string;
  at: number;
}

const NOBODY: Typed = { call: '', at: -Infinity };

export class TransferShare {
  /**
   * The latest line, and the latest by anyone else: enough to tell any
   * transfer whether someone other than its own caller typed lately (the
   * keys that started a download must not slow that very download).
   */
  private latest: Typed = NOBODY;
  private latestOther: Typed = NOBODY;
  /** When the board-wide line will have carried every byte charged so far, at the pace. */
  private paidUntil = -Infinity;
  private readonly now: () => number;

  constructor(private readonly o: TransferShareOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Caller `call`, at a menu or prompt, sent a line (a key, in key mode): other callers' transfers are paced for the next while. */
  typed(call: string): void {
    const at = this.now();
    if (call !== this.latest.call) this.latestOther = this.latest;
    this.latest = { call, at };
  }

  /** Someone other than caller `call` typed recently enough that `call`'s transfer is paced now. */
  pacing(call: string): boolean {
    if (this.o.bytesPerSecond <= 0) return false;
    const other = this.latest.call !== call ? this.latest : this.latestOther;
    return this.now() - other.at < this.o.activeMs;
  }

  /**
   * Caller `call`'s transfer just sent `bytes`: how many milliseconds it
   * waits before it reads its program's output again (0: go on now).
   * Transfers charged one after another queue behind each other, so
   * together they keep the pace and each gets its turn.
   */
  charge(call: string, bytes: number): number {
    const now = this.now();
    if (!this.pacing(call)) return 0;
    // A pace that starts again after a stretch without one starts from now: time nobody used is not saved up for a burst.
    this.paidUntil = Math.max(this.paidUntil, now) + (bytes / this.o.bytesPerSecond) * 1000;
    return this.paidUntil - now;
  }
}
