/**
 * Conversations started a few at a time. Starting one is the dearest thing a
 * call does at once (its banner drawn, its call-log row written, its first
 * screens sent), and a thousand callers arriving together, say after another
 * host of the board died under them, would start a thousand in one turn of
 * the event loop: everyone already on the node would wait the second and
 * more that takes for their next key. Past `perTurn` starts in one turn the
 * rest wait for the next turns, each after the I/O that came in meanwhile.
 * Under that, a start runs at once, as if there were no pacer.
 */
/** What waits its turn: the call itself (no closure per caller). */
export interface Startable {
  startNow(): void;
}

export class StartPacer {
  private ranThisTurn = 0;
  private turnEnds = false;
  private readonly waiting: Startable[] = [];
  private next = 0;

  constructor(private readonly perTurn = 4) {}

  run(call: Startable): void {
    this.endTurnSoon();
    if (this.next === this.waiting.length && this.ranThisTurn < this.perTurn) {
      this.ranThisTurn++;
      call.startNow();
      return;
    }
    this.waiting.push(call);
  }

  /** Starts waiting now. */
  get backlog(): number {
    return this.waiting.length - this.next;
  }

  /** After this turn's I/O (setImmediate runs after the poll phase), the next few. */
  private endTurnSoon(): void {
    if (this.turnEnds) return;
    this.turnEnds = true;
    setImmediate(() => {
      this.turnEnds = false;
      this.ranThisTurn = 0;
      while (this.next < this.waiting.length && this.ranThisTurn < this.perTurn) {
        this.ranThisTurn++;
        const call = this.waiting[this.next]!;
        this.waiting[this.next++] = STARTED;
        call.startNow();
      }
      if (this.next === this.waiting.length) {
        this.waiting.length = 0;
        this.next = 0;
      } else this.endTurnSoon();
    });
  }
}

/** Put in a started call's place, so the queue does not hold the call until it empties. */
const STARTED: Startable = { startNow(): void {} };
