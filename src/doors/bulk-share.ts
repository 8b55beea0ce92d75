/**
 * How much of the board bulk output gets while other callers are typing:
 * file transfers, and doors or other boards pouring text at their caller.
 * A transfer's program (the CRC and escaping of every byte), a door's flood
 * parsed into its screen model, the board carrying those bytes and the
 * caller's side of them compete for the same few cores as the callers at
 * the menus and in other doors; at full speed five downloads, or one door
 * writing as fast as it can, take them all, and a key waits behind the next
 * blocks. So while someone else has typed in the last few seconds, every
 * output of one kind on the board together is paced to one rate: after a
 * block, it waits until the board-wide line would have carried everything
 * charged to it so far. Nobody typing: no pace, as fast as the caller takes it.
 *
 * Pure: the clock is passed in; the play (a door's, or a transfer's) does the waiting.
 */
interface BulkShareOptions {
  /** Bytes a second all outputs of this kind together may send while callers are typing; 0 for no pace at all. */
  bytesPerSecond: number;
  /** How long after a caller's last line (or key at a menu, or key in a door) the pace holds. */
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

/** A timer fires a little late: a block charged within this of the line's free moment carries on from that moment, so lateness does not come off the rate. */
const LATE_SLACK_MS = 20;

export class BulkShare {
  /**
   * The latest line, and the latest by anyone else: enough to tell any
   * output whether someone other than its own caller typed lately (the keys
   * that started a download, or that play a door, must not slow that very
   * download or door).
   */
  private readonly latest: Typed = { call: '', at: -Infinity };
  private readonly latestOther: Typed = { call: '', at: -Infinity };
  /** When the board-wide line will have carried every byte charged so far, at the pace. */
  private paidUntil = -Infinity;
  private readonly now: () => number;

  constructor(private readonly o: BulkShareOptions) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Caller `call` sent a line at a menu or prompt (a key, in key mode), or keys in a door: other callers' output is paced for the next while. */
  typed(call: string): void {
    const at = this.now();
    // Two records changed in place: a door caller types this on every key.
    if (call !== this.latest.call) {
      this.latestOther.call = this.latest.call;
      this.latestOther.at = this.latest.at;
      this.latest.call = call;
    }
    this.latest.at = at;
  }

  /** Someone other than caller `call` typed recently enough that `call`'s output is paced now. */
  pacing(call: string): boolean {
    if (this.o.bytesPerSecond <= 0) return false;
    const other = this.latest.call !== call ? this.latest : this.latestOther;
    return this.now() - other.at < this.o.activeMs;
  }

  /**
   * Caller `call`'s output just sent `bytes`: how many milliseconds it
   * waits before it reads its source again (0: go on now). Outputs charged
   * one after another queue behind each other, so together they keep the
   * pace and each gets its turn.
   */
  charge(call: string, bytes: number): number {
    const now = this.now();
    if (!this.pacing(call)) return 0;
    // A pace that starts again after a stretch without one starts from now: time nobody used is not saved up for a burst.
    const from = now - this.paidUntil > LATE_SLACK_MS ? now : this.paidUntil;
    this.paidUntil = from + (bytes / this.o.bytesPerSecond) * 1000;
    return Math.max(0, this.paidUntil - now);
  }
}
