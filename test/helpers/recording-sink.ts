import type { RawOutcome, RawSink } from '../../src/doors/raw-peer.js';
import { stripAnsi } from '../callers/text-stream.js';
import { until } from './until.js';

/**
 * The caller's side of a raw hand-off, as a test sees it: every byte a peer
 * sent, the outcome it ended with, and a switch that makes `data` report a
 * backlog. It fails the test if the peer breaks the sink's contract (data
 * after end, a second end).
 */
export class RecordingSink implements RawSink {
  bytes = Buffer.alloc(0);
  outcome: RawOutcome | null = null;
  /** What `data` answers: false plays a caller whose wire is backed up. */
  accepting = true;
  /** How many times `data` answered false. */
  refused = 0;
  /** Calls of `data` after `end`, or of `end` after `end`: always 0 for a peer that keeps the contract. */
  broken = 0;
  private cursor = 0;

  data(bytes: Uint8Array): boolean {
    if (this.outcome !== null) this.broken++;
    this.bytes = Buffer.concat([this.bytes, bytes]);
    if (!this.accepting) this.refused++;
    return this.accepting;
  }

  end(outcome: RawOutcome): void {
    if (this.outcome !== null) this.broken++;
    this.outcome = outcome;
  }

  /** Everything so far as plain text (CP437 or UTF-8 bytes read as UTF-8, escapes taken out). */
  text(from = 0): string {
    return stripAnsi(this.bytes.subarray(from).toString('utf8'));
  }

  mark(): number {
    return this.bytes.length;
  }

  /**
   * Wait until the text after the last wait holds `pattern`, and keep the
   * place just past it; fails at once if the peer ended first. Bytes are read
   * as Latin-1 here, one character each, so a place in the text is a place in
   * the bytes whatever the encoding (patterns are ASCII).
   */
  async waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const from = this.cursor;
    const { end } = await until(
      () => `${String(pattern)}; got:\n${this.text(from).slice(-1500)}`,
      () => {
        const found = this.matchEnd(pattern, from);
        if (found !== null) return { end: found };
        if (this.outcome !== null) throw new Error(`peer ended (${JSON.stringify(this.outcome)}) before ${String(pattern)}; got:\n${this.text(from).slice(-1500)}`);
        return null;
      },
      timeoutMs,
      5,
    );
    this.cursor = end;
  }

  /** The byte offset just past the first match after `from`, or null. */
  private matchEnd(pattern: string | RegExp, from: number): number | null {
    const raw = this.bytes.subarray(from).toString('latin1');
    const plain = stripAnsi(raw);
    const m = typeof pattern === 'string' ? (plain.includes(pattern) ? { index: plain.indexOf(pattern), length: pattern.length } : null) : ((r) => (r ? { index: r.index, length: r[0].length } : null))(pattern.exec(plain));
    if (m === null) return null;
    // The shortest raw prefix whose plain text reaches the end of the match.
    let lo = 0;
    let hi = raw.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stripAnsi(raw.slice(0, mid)).length >= m.index + m.length) hi = mid;
      else lo = mid + 1;
    }
    return from + lo;
  }

  /** The outcome, once the peer has ended. */
  async ended(timeoutMs = 10_000): Promise<RawOutcome> {
    return until('the peer to end', () => this.outcome, timeoutMs, 5);
  }
}
