/**
 * A node's lines, numbered from 1 like a multi-line BBS: a caller holds the
 * lowest free one while connected.
 */
export class Lines {
  private readonly taken = new Set<number>();

  constructor(readonly total: number) {}

  get inUse(): number {
    return this.taken.size;
  }

  get free(): number {
    return this.total - this.taken.size;
  }

  /** The lowest free line, or null when every line is busy. */
  claim(): number | null {
    for (let line = 1; line <= this.total; line++) {
      if (!this.taken.has(line)) {
        this.taken.add(line);
        return line;
      }
    }
    return null;
  }

  release(line: number): void {
    this.taken.delete(line);
  }
}
