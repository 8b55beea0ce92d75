/**
 * Keys typed while no prompt is open, kept raw until the next prompt says how
 * to read them (its mode, and the decoder state carries over). Bounded: a
 * caller pasting into the void loses the overflow, the newest bytes.
 */
export class Typeahead {
  private buf: Buffer | null = null;
  private start = 0;
  private end = 0;

  constructor(readonly capacity = 1024) {}

  get size(): number {
    return this.end - this.start;
  }

  /** Keep as much of `bytes` as fits; returns how many bytes were dropped. */
  push(bytes: Uint8Array): number {
    const room = this.capacity - this.size;
    const n = Math.min(room, bytes.length);
    if (n > 0) {
      // Allocated only while something waits: an idle caller holds no buffer.
      this.buf ??= Buffer.allocUnsafe(this.capacity);
      if (this.end + n > this.capacity) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      this.buf.set(bytes.subarray(0, n), this.end);
      this.end += n;
    }
    return bytes.length - n;
  }

  /** The oldest byte, or -1 when empty. */
  shift(): number {
    if (this.buf === null || this.start === this.end) return -1;
    const b = this.buf[this.start++]!;
    if (this.start === this.end) this.clear();
    return b;
  }

  clear(): void {
    this.buf = null;
    this.start = 0;
    this.end = 0;
  }
}
