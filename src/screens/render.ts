import type { ChalkInstance } from 'chalk';
import type { Terminal } from '../session/events.js';
import { isArtMarkup, type ArtMarkup } from './art-markup.js';
import type { ArtToken } from './art-tokens.js';
import { userTextForCp437 } from './cp437.js';
import { neutralize, neutralizeLine } from './neutralize.js';
import { isTextBlock, type TextBlock } from './text-block.js';
import { applyPipe, applySgr, paintRow } from './style.js';
import { fitRow, type Segment } from './fit-rows.js';
import { RowPlacer } from './row-placer.js';
import { fitWidth, textWidth } from './text-width.js';
import { FixedLines, linesOf, type ArtLine, type DrawnLine } from './art-lines.js';

type VarValue = string | number | TextBlock | ArtMarkup;
export type Vars = Readonly<Record<string, VarValue | undefined>>;

export interface ArtTemplate {
  name: string;
  tokens: ArtToken[];
  /** Columns the art was drawn for (SAUCE width, 80 for .ans); rows longer than this wrap as on a DOS screen. */
  drawnWidth: number | null;
}

/** The fixed lines of every art as drawn, per terminal shape, shared by all callers. */
const FIXED_LINES = new FixedLines();

/**
 * Render a template for one caller: colours for their terminal, variables
 * as neutralised literal text (one line each unless passed as a TextBlock),
 * every row fitted to their width so nothing wraps or shears: drawn art (CP437 with its drawn width) and the pictures
 * in text art are cropped, sentences in text art are wrapped at their spaces
 * (fit-rows.ts). Rows that reach the last column are drawn with autowrap off,
 * and every row ends with colours closed. A line of the art without a
 * variable is drawn once per terminal shape and reused (art-lines.ts).
 */
export function renderArt(tpl: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string {
  const ansi = chalk.level > 0;
  const lines = linesOf(tpl);
  if (lines === null) {
    const placer = new RowPlacer(tpl.drawnWidth, cropFor(tpl, term));
    const clear = place(placer, tpl, 0, tpl.tokens.length, vars, term);
    placer.finish();
    const drawn = drawRows(placer, tpl, term, chalk);
    return (clear && ansi ? '\x1b[2J\x1b[H' : '') + withWrapOff(drawn.text, ansi && drawn.full);
  }
  const fixed = FIXED_LINES.for(tpl, term.cols, term.ansiBbs, chalk.level);
  const parts: string[] = [];
  let full = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    let drawn = line.fixed ? fixed[k] : undefined;
    if (drawn === undefined) {
      drawn = drawLine(tpl, line, k === lines.length - 1 ? (k === 0 ? 'only' : 'last') : 'inner', vars, term, chalk);
      if (line.fixed) fixed[k] = drawn;
    }
    // Only a last line can have no rows: one that holds nothing after the art's last line end.
    if (drawn.rows === 0) continue;
    parts.push(drawn.text);
    full ||= drawn.full;
  }
  return withWrapOff(parts.join('\n'), ansi && full);
}

/** Drawn art is cropped as it is placed. Text art is placed whole and fitted row by row afterwards, since whether a row wraps or crops depends on all of it. */
function cropFor(tpl: ArtTemplate, term: Terminal): number {
  return tpl.drawnWidth === null ? Infinity : term.cols;
}

function withWrapOff(body: string, wrapOff: boolean): string {
  return wrapOff ? '\x1b[?7l' + body + '\x1b[?7h' : body;
}

/**
 * One line of the art on its own, in the colour it starts in. Its line end
 * starts a new row, as in the whole art; the art's last line is kept only
 * when it holds something, or when it is the only line.
 */
function drawLine(tpl: ArtTemplate, line: ArtLine, position: 'inner' | 'last' | 'only', vars: Vars, term: Terminal, chalk: ChalkInstance): DrawnLine {
  const placer = new RowPlacer(tpl.drawnWidth, cropFor(tpl, term));
  placer.style = line.style;
  place(placer, tpl, line.from, line.to, vars, term);
  if (position === 'inner') placer.newRow();
  else placer.finish(position === 'only');
  return drawRows(placer, tpl, term, chalk);
}

/** Place tokens `from` to `to`; whether a clear-screen code came before anything was placed. */
function place(placer: RowPlacer, tpl: ArtTemplate, from: number, to: number, vars: Vars, term: Terminal): boolean {
  let clear = false;
  for (let i = from; i < to; i++) {
    const tok = tpl.tokens[i]!;
    switch (tok.t) {
      case 'text':
        placer.put(tok.s);
        break;
      case 'nl':
        // After a row filled to the drawn width, the line end is that row's own
        // (the wrap is pending, as on a DOS screen): one new row, not two.
        placer.newRow();
        break;
      case 'pipe':
        placer.style = applyPipe(placer.style, tok.code);
        break;
      case 'sgr':
        placer.style = applySgr(placer.style, tok.params);
        break;
      case 'clear':
        if (placer.empty) clear = true;
        break;
      case 'var': {
        const value = vars[tok.name];
        if (value === undefined) placer.put(`{{${tok.name}}}`);
        else {
          const text = valueText(value, term);
          placer.put(tok.width ? fitWidth(text, tok.width, tok.right) : text);
        }
        break;
      }
    }
  }
  return clear;
}

/** The placed rows fitted (text art) and painted. */
function drawRows(placer: RowPlacer, tpl: ArtTemplate, term: Terminal, chalk: ChalkInstance): DrawnLine {
  const fitted = tpl.drawnWidth === null ? fitTextRows(placer.rows, placer.widths, term.cols) : { rows: placer.rows, full: placer.full };
  return { text: paintRows(fitted.rows, term.ansiBbs, chalk), rows: fitted.rows.length, full: fitted.full };
}

/** The rows painted and joined by line breaks, in one join: a join per row first was a second copy of the screen. */
function paintRows(rows: readonly Segment[][], ansiBbs: boolean, chalk: ChalkInstance): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) parts.push('\n');
    paintRow(chalk, ansiBbs, rows[i]!, parts);
  }
  return parts.join('');
}

/**
 * A value as the text placed for it. A value is one line unless its code made
 * it a block: nothing a caller typed can start a row of its own. On a CP437
 * terminal, glyphs whose byte is a control (a form feed, SO/SI, ENQ) are
 * swapped for safe ones; the art's own glyphs, in its text tokens, still draw.
 * Markup is spliced in as art before rendering (spliceMarkup); one that
 * reaches here shows as its source.
 */
function valueText(value: VarValue, term: Terminal): string {
  const safe = isTextBlock(value) ? neutralize(value.block, { keepNewlines: true }) : isArtMarkup(value) ? neutralize(value.markup, { keepNewlines: true }) : neutralizeLine(String(value));
  return term.encoding === 'cp437' ? userTextForCp437(safe) : safe;
}

/** Text art's rows fitted to the terminal; `full` when one of them reaches the last column. */
function fitTextRows(rows: Segment[][], widths: number[], cols: number): { rows: Segment[][]; full: boolean } {
  if (widths.every((w) => w < cols)) return { rows, full: false };
  const out: Segment[][] = [];
  let full = false;
  rows.forEach((row, i) => {
    const width = widths[i]!;
    if (width < cols) out.push(row);
    else if (width === cols) {
      out.push(row);
      full = true;
    } else {
      for (const part of fitRow(row, cols)) {
        out.push(part);
        if (part.reduce((n, seg) => n + textWidth(seg.text), 0) === cols) full = true;
      }
    }
  });
  return { rows: out, full };
}

/**
 * The columns of a template's widest row as drawn, before any caller's
 * values: text as it stands, a variable at the width it is set to (or none).
 */
export function widestRow(tpl: ArtTemplate): number {
  let widest = 0;
  let col = 0;
  const endRow = (): void => {
    widest = Math.max(widest, col);
    col = 0;
  };
  for (const tok of tpl.tokens) {
    if (tok.t === 'nl') endRow();
    else if (tok.t === 'var') col += tok.width;
    else if (tok.t === 'text') {
      const lines = tok.s.split('\n');
      lines.forEach((line, i) => {
        if (i > 0) endRow();
        col += textWidth(line);
      });
    }
  }
  endRow();
  return tpl.drawnWidth === null ? widest : Math.min(widest, tpl.drawnWidth);
}
