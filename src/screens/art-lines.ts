import type { ArtTemplate } from './render.js';
import { applyPipe, applySgr, DEFAULT_STYLE, type Style } from './style.js';

/** One line of an art's tokens (up to, not including, its line end), and the colour it starts in. */
export interface ArtLine {
  from: number;
  to: number;
  style: Style;
  /** No variable in it: drawn the same for every caller whose terminal has the same shape. */
  fixed: boolean;
}

/**
 * An art cut into its lines. Colours carry from line to line, but only the
 * art's own codes change them (a variable is placed as text), so the colour
 * each line starts in is known from the art alone. Art with a clear-screen
 * code is drawn whole: whether it clears depends on what came before it.
 */
export function linesOf(tpl: ArtTemplate): readonly ArtLine[] | null {
  let lines = LINES.get(tpl);
  if (lines === undefined) {
    lines = cutIntoLines(tpl);
    LINES.set(tpl, lines);
  }
  return lines;
}

const LINES = new WeakMap<ArtTemplate, readonly ArtLine[] | null>();

function cutIntoLines(tpl: ArtTemplate): readonly ArtLine[] | null {
  const lines: ArtLine[] = [];
  let style = DEFAULT_STYLE;
  let line: ArtLine = { from: 0, to: 0, style, fixed: true };
  for (let i = 0; i < tpl.tokens.length; i++) {
    const tok = tpl.tokens[i]!;
    if (tok.t === 'clear') return null;
    if (tok.t === 'pipe') style = applyPipe(style, tok.code);
    else if (tok.t === 'sgr') style = applySgr(style, tok.params);
    else if (tok.t === 'var') line.fixed = false;
    else if (tok.t === 'nl') {
      line.to = i;
      lines.push(line);
      line = { from: i + 1, to: 0, style, fixed: true };
    }
  }
  line.to = tpl.tokens.length;
  lines.push(line);
  return lines;
}

/** A line as drawn: its rows painted and joined, how many rows, and whether one reaches the last column. */
export interface DrawnLine {
  text: string;
  rows: number;
  full: boolean;
}

/** Terminal shapes kept per art: the usual 80 columns, a phone, a wide window. */
const SHAPES_PER_ART = 4;

/**
 * The fixed lines of each art as drawn, per terminal shape (columns, ANSI-BBS
 * or not, colour level), shared by every caller of that shape: a menu drawn
 * afresh because a count on it changed draws only its lines with variables.
 */
export class FixedLines {
  private readonly byArt = new WeakMap<ArtTemplate, Map<number, (DrawnLine | undefined)[]>>();

  /** The drawn fixed lines of one art for one shape, filled in as they are drawn. */
  for(tpl: ArtTemplate, cols: number, ansiBbs: boolean, level: number): (DrawnLine | undefined)[] {
    let shapes = this.byArt.get(tpl);
    if (!shapes) {
      shapes = new Map();
      this.byArt.set(tpl, shapes);
    }
    const shape = cols * 8 + (ansiBbs ? 4 : 0) + level;
    let drawn = shapes.get(shape);
    if (!drawn) {
      drawn = [];
      shapes.set(shape, drawn);
      if (shapes.size > SHAPES_PER_ART) shapes.delete(shapes.keys().next().value!);
    }
    return drawn;
  }
}
