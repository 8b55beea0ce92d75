import { DEFAULT_STYLE, sameStyle, type Style } from './style.js';
import { charWidth } from './text-width.js';

/** A run of text in one style, as a rendered row is made of. */
export interface Segment {
  style: Style;
  text: string;
}

/**
 * A row wider than the caller's terminal, made to fit. A picture (a row with
 * box-drawing, block or shape characters, or with runs of spaces that line
 * things up) is cropped: wrapping it would shear it. A sentence is wrapped at
 * its spaces onto as many rows as it needs, each continuation indented as the
 * row was, so a 40-column caller reads all of "you have been idle too long"
 * instead of its first half.
 */
export function fitRow(row: Segment[], cols: number): Segment[][] {
  return isProse(row) ? wrapRow(row, cols) : [cropRow(row, cols)];
}

const DRAWING = /[\u2500-\u25ff]/;
const ALIGNING_SPACES = / {3,}/;
const LETTERS = /[\p{L}\p{N}]/gu;

/** Words: spaces between them, no runs of spaces, no drawing characters, and mostly letters (not an ASCII picture). */
function isProse(row: Segment[]): boolean {
  const text = row.map((s) => s.text).join('');
  if (DRAWING.test(text)) return false;
  const words = text.trim();
  if (!words.includes(' ') || ALIGNING_SPACES.test(words)) return false;
  const ink = words.replace(/ /g, '').length;
  return (words.match(LETTERS)?.length ?? 0) * 2 >= ink;
}

/** The columns up to `cols`, styles kept; a wide character that would straddle the edge is left out. */
function cropRow(row: Segment[], cols: number): Segment[] {
  const out: Segment[] = [];
  let col = 0;
  for (const seg of row) {
    let text = '';
    for (const ch of seg.text) {
      const w = charWidth(ch.codePointAt(0)!);
      if (col + w > cols) break;
      text += ch;
      col += w;
    }
    if (text) out.push({ style: seg.style, text });
    if (col >= cols) break;
  }
  return out;
}

interface Cell {
  ch: string;
  style: Style;
  width: number;
}

function wrapRow(row: Segment[], cols: number): Segment[][] {
  const cells: Cell[] = [];
  for (const seg of row) for (const ch of seg.text) cells.push({ ch, style: seg.style, width: charWidth(ch.codePointAt(0)!) });
  while (cells.length > 0 && cells[cells.length - 1]!.ch === ' ') cells.pop();
  let indent = 0;
  while (indent < cells.length && cells[indent]!.ch === ' ') indent++;
  if (indent > cols / 2) indent = 0;

  const rows: Segment[][] = [];
  let start = 0;
  let lead = 0;
  while (start < cells.length) {
    const room = cols - lead;
    let width = 0;
    let end = start;
    let lastSpace = -1;
    while (end < cells.length && width + cells[end]!.width <= room) {
      if (cells[end]!.ch === ' ' && end > start) lastSpace = end;
      width += cells[end]!.width;
      end++;
    }
    if (end === start) {
      // Not even one character fits (a wide one in a one-column space): it is left out, as cropping would.
      start++;
      continue;
    }
    // The rest fits, or the row ends on a word's end, or the break goes at the last
    // space; a word longer than a row is cut where the row ends.
    const cut = end === cells.length || cells[end]!.ch === ' ' || lastSpace === -1 ? end : lastSpace;
    rows.push(toSegments(cells.slice(start, cut), lead));
    start = cut;
    while (start < cells.length && cells[start]!.ch === ' ') start++;
    lead = indent;
  }
  return rows.length > 0 ? rows : [[]];
}

function toSegments(cells: Cell[], lead: number): Segment[] {
  const out: Segment[] = lead > 0 ? [{ style: DEFAULT_STYLE, text: ' '.repeat(lead) }] : [];
  for (const cell of cells) {
    const last = out[out.length - 1];
    if (last && sameStyle(last.style, cell.style)) last.text += cell.ch;
    else out.push({ style: cell.style, text: cell.ch });
  }
  return out;
}
