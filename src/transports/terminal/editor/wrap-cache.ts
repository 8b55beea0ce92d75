import type { Row } from './editor-wrap.js';

/** A hard line's screen rows at the width they were broken at, and their text once shown (a class: see BrokenRow). */
class Wrapped {
  shown: string[] | null = null;

  constructor(
    readonly units: readonly string[],
    readonly width: number,
    readonly rows: Row[],
  ) {}
}

/**
 * The screen rows of the hard lines a message holds, worked out once per
 * line and width. Hard lines are never changed in place, so a line's list
 * of units is its key; after each edit only the lines the message still
 * holds are kept, in their order, so a lookup by position almost always
 * hits at once. A WeakMap would do the same job, but V8's scavenger keeps a
 * dead key's value until a full collection: every key press would leave
 * its line's rows for the old generation, for every caller typing.
 */
const NONE: Wrapped[] = [];

export class WrapCache {
  private entries: Wrapped[] = [];

  constructor(private readonly breakRows: (units: readonly string[], width: number) => Row[]) {}

  /** The rows of `units` at `width`; `at` is where the line is expected among those kept. */
  rows(units: readonly string[], width: number, at = -1): Row[] {
    return this.entry(units, width, at).rows;
  }

  /** The text of each row of `units` at `width`. */
  shown(units: readonly string[], width: number, at = -1): string[] {
    const entry = this.entry(units, width, at);
    return (entry.shown ??= entry.rows.map((row) => units.slice(row.start, row.end).join('')));
  }

  /** Keep only the lines of `paras`, in its order: drafts that were refused, and lines edited away, are let go. */
  keepOnly(paras: readonly (readonly string[])[]): void {
    const kept = NONE.slice();
    for (let i = 0; i < paras.length; i++) {
      const found = this.find(paras[i]!, i);
      if (found) kept.push(found);
    }
    this.entries = kept;
  }

  private entry(units: readonly string[], width: number, at: number): Wrapped {
    const found = this.find(units, at);
    if (found && found.width === width) return found;
    const fresh = new Wrapped(units, width, this.breakRows(units, width));
    if (found) this.entries[this.entries.indexOf(found)] = fresh;
    else this.entries.push(fresh);
    return fresh;
  }

  private find(units: readonly string[], at: number): Wrapped | undefined {
    const hinted = this.entries[at];
    if (hinted?.units === units) return hinted;
    for (const e of this.entries) if (e.units === units) return e;
    return undefined;
  }
}
