import type { RawOutcome, RawPeer, RawSink } from '../../src/doors/raw-peer.js';
import { stripAnsi } from '../callers/text-stream.js';
import { until } from './until.js';

/**
 * The caller's side of a raw hand-off, as a test sees it: every byte a peer
 * sent (kept as chunks, so a flood of megabytes costs no copying), the
 * outcome it ended with, and what `data` answers (a caller whose wire is
 * backed up). It counts every break of the sink's contract (data after
 * end, a second end).
 */
export class RecordingSink implements RawSink {
  outcome: RawOutcome | null = null;
  /** What `data` answers: false plays a caller whose wire is backed up. */
  accepting = true;
  /** Decides what `data` answers chunk by chunk, when set; `accepting` otherwise. */
  accept: ((chunk: Buffer) => boolean) | null = null;
  /** How many times `data` answered false. */
  refused = 0;
  /** Calls of `data` after `end`, or of `end` after `end`: always 0 for a peer that keeps the contract. */
  broken = 0;
  /** Bytes received in all, also those forgotten. */
  received = 0;
  /** Calls of `data` so far. */
  chunkCount = 0;
  private chunks: Buffer[] = [];
  private joined: Buffer | null = null;
  private cursor = 0;

  data(bytes: Uint8Array): boolean {
    if (this.outcome !== null) this.broken++;
    const chunk = Buffer.from(bytes);
    this.chunks.push(chunk);
    this.joined = null;
    this.received += chunk.length;
    this.chunkCount++;
    const ok = this.accept ? this.accept(chunk) : this.accepting;
    if (!ok) this.refused++;
    return ok;
  }

  end(outcome: RawOutcome): void {
    if (this.outcome !== null) this.broken++;
    else this.outcome = outcome;
  }

  /** Every byte kept so far, as one buffer. */
  get bytes(): Buffer {
    this.joined ??= Buffer.concat(this.chunks);
    return this.joined;
  }

  /** Drop the bytes kept so far (a test that only counted them frees the memory). */
  forget(): void {
    this.chunks = [];
    this.joined = null;
    this.cursor = 0;
  }

  /** Everything so far as plain text (CP437 or UTF-8 bytes read as UTF-8, escapes taken out). */
  text(from = 0): string {
    return stripAnsi(this.bytes.subarray(from).toString('utf8'));
  }

  /** Everything so far, one character a byte, escapes and all. */
  raw(): string {
    return this.bytes.toString('latin1');
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

  /** Wait until the bytes so far, escapes and all, hold `pattern`. */
  async waitForRaw(pattern: string | RegExp, timeoutMs = 5000): Promise<void> {
    await until(
      () => `${String(pattern)} in ${JSON.stringify(this.raw().slice(-400))}`,
      () => (typeof pattern === 'string' ? this.raw().includes(pattern) : pattern.test(this.raw())),
      timeoutMs,
    );
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
    return until(() => `the peer to end; got ${JSON.stringify(this.raw().slice(-400))}`, () => this.outcome, timeoutMs, 5);
  }
}

/** Starts `peer` with a fresh sink; the test's teardown stops it whatever happened. */
export function started(peer: RawPeer, t: { after(fn: () => void | Promise<void>): void }): RecordingSink {
  const sink = new RecordingSink();
  peer.start(sink);
  t.after(async () => {
    peer.stop('ended');
    await sink.ended(10_000);
  });
  return sink;
}
