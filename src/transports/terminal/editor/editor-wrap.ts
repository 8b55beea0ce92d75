import { charWidth } from '../../../screens/text-width.js';

/**
 * Text as the editor handles it: a list of units, each one character with the
 * combining marks that follow it, so the cursor and every edit step over a
 * character whole; and rows, where a line breaks at the width.
 */

/** Tabs stop every this many columns. */
const TAB_STOP = 8;

/** A character keeps at most this many combining marks: a line's length stays bounded whatever is pasted. */
export const MAX_MARKS = 8;

/** C0, DEL, C1 and the Unicode line separators never enter a message. */
export function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029;
}

/** Columns a unit takes: its base character's (marks take none). */
export function unitWidth(unit: string): number {
  return charWidth(unit.codePointAt(0)!);
}

/** Characters (code points) a unit counts for in a line's length. */
export function unitLength(unit: string): number {
  let n = 0;
  for (const _ of unit) n++;
  return n;
}

export function isSpaceUnit(unit: string): boolean {
  return unit === ' ';
}

/** A unit that is only marks: it belongs to the character before it. */
export function isMarkUnit(unit: string): boolean {
  return unitWidth(unit) === 0;
}

/**
 * One line of text (no line breaks) as units: control characters dropped,
 * tabs as spaces to the next stop counted from `startCol`. Marks with no
 * character before them come out as a unit of their own (isMarkUnit) for the
 * caller to join to what stands before the cursor, or drop.
 */
export function unitsOf(line: string, startCol = 0): string[] {
  const units: string[] = [];
  let col = startCol;
  let marks = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09) {
      const spaces = TAB_STOP - (col % TAB_STOP);
      for (let i = 0; i < spaces; i++) units.push(' ');
      col += spaces;
      marks = 0;
      continue;
    }
    if (isControl(cp)) continue;
    const w = charWidth(cp);
    if (w === 0) {
      if (marks >= MAX_MARKS) continue;
      marks++;
      const last = units.length - 1;
      if (last >= 0 && !isSpaceUnit(units[last]!)) units[last] += ch;
      else units.push(ch);
      continue;
    }
    marks = 0;
    units.push(ch);
    col += w;
  }
  return units;
}

/**
 * One screen row of a line: units [start, end) are shown; [end, next) are
 * the spaces a soft break swallows (shown on neither row); the next row
 * starts at `next`. The last row of a line ends at its length.
 */
export interface Row {
  start: number;
  end: number;
  next: number;
}

/**
 * A class, not a literal: the rows of the line being typed are made at every key and kept until
 * the next, and V8 would move a literal's allocation site to the old generation once enough of
 * them had outlived a collection (see editor-view.ts).
 */
class BrokenRow implements Row {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly next: number,
  ) {}
}

/**
 * Break a line into rows of at most `maxCols` columns and `maxChars`
 * characters, at the last space that lets the row fit; a word longer than a
 * whole row is broken, the only way it can be shown. A line ending in spaces
 * past the width gets an empty last row, where the cursor goes on typing.
 */
export function breakRows(units: readonly string[], maxCols: number, maxChars: number): Row[] {
  const rows: Row[] = NO_ROWS.slice();
  const n = units.length;
  let start = 0;
  for (;;) {
    let cols = 0;
    let chars = 0;
    let fit = start;
    while (fit < n) {
      const u = units[fit]!;
      const w = unitWidth(u);
      const c = unitLength(u);
      if (cols + w > maxCols || chars + c > maxChars) break;
      cols += w;
      chars += c;
      fit++;
    }
    if (fit === n) {
      rows.push(new BrokenRow(start, n, n));
      return rows;
    }
    // A unit wider than a whole row still takes one, or nothing would ever move on.
    if (fit === start) {
      fit = start + 1;
      if (fit === n) {
        rows.push(new BrokenRow(start, n, n));
        return rows;
      }
    }
    let p = fit;
    while (p > start && !(isSpaceUnit(units[p]!) && !isSpaceUnit(units[p - 1]!))) p--;
    if (p > start) {
      let q = p;
      while (q < n && isSpaceUnit(units[q]!)) q++;
      rows.push(new BrokenRow(start, p, q));
      start = q;
    } else {
      rows.push(new BrokenRow(start, fit, fit));
      start = fit;
    }
  }
}

const NO_ROWS: Row[] = [];

/** Columns units [from, to) take. */
export function widthOf(units: readonly string[], from: number, to: number): number {
  let w = 0;
  for (let i = from; i < to; i++) w += unitWidth(units[i]!);
  return w;
}
