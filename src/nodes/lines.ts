/**
 * A node's lines, numbered from 1 like a multi-line BBS: a caller holds the
 * lowest free one while connected. One byte per line rather than a set of
 * the taken ones: a set's table costs about 30 bytes per caller, and a node
 * of thousands of lines is full of waiting callers after a restart.
 */
export class Lines {
  /** 1 where the line is taken; index 0 unused. */
  private readonly taken: Uint8Array;
  private count = 0;
  /** No line below this one is free: the search for the lowest starts here. */
  private lowestFree = 1;

  constructor(readonly total: number) {
    this.taken = new Uint8Array(total + 1);
  }

  get inUse(): number {
    return this.count;
  }

  get free(): number {
    return this.total - this.count;
  }

  /** The lowest free line, or null when every line is busy. */
  claim(): number | null {
    for (let line = this.lowestFree; line <= this.total; line++) {
      if (this.taken[line] === 0) {
        this.taken[line] = 1;
        this.count++;
        this.lowestFree = line + 1;
        return line;
      }
    }
    this.lowestFree = this.total + 1;
    return null;
  }

  release(line: number): void {
    if (!Number.isInteger(line) || line < 1 || line > this.total || this.taken[line] === 0) return;
    this.taken[line] = 0;
    this.count--;
    if (line < this.lowestFree) this.lowestFree = line;
  }
}
