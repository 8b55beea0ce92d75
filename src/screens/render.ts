import type { ChalkInstance } from 'chalk';
import type { Terminal } from '../session/events.js';
import { isArtMarkup, type ArtMarkup } from './art-markup.js';
import type { ArtToken } from './art-tokens.js';
import { userTextForCp437 } from './cp437.js';
import { neutralize, neutralizeLine } from './neutralize.js';
import { isTextBlock, type TextBlock } from './text-block.js';
import { applyPipe, applySgr, DEFAULT_STYLE, paint, sameStyle } from './style.js';
import { fitRow, type Segment } from './fit-rows.js';
import { charWidth, fitWidth, textWidth } from './text-width.js';

type VarValue = string | number | TextBlock | ArtMarkup;
export type Vars = Readonly<Record<string, VarValue | undefined>>;

export interface ArtTemplate {
  name: string;
  tokens: ArtToken[];
  /** Columns the art was drawn for (SAUCE width, 80 for .ans); rows longer than this wrap as on a DOS screen. */
  drawnWidth: number | null;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;


/**
 * Render a template for one caller: colours for their terminal, variables
 * as neutralised literal text (one line each unless passed as a TextBlock),
 * every row fitted to their width so nothing wraps or shears: drawn art (CP437 with its drawn width) and the pictures
 * in text art are cropped, sentences in text art are wrapped at their spaces
 * (fit-rows.ts). Rows that reach the last column are drawn with autowrap off,
 * and every row ends with colours closed.
 */
export function renderArt(tpl: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string {
  const rows: Segment[][] = [];
  let row: Segment[] = [];
  let col = 0;
  let pendingWrap = false;
  let style = DEFAULT_STYLE;
  let clear = false;
  let fullRow = false;
  const cols = term.cols;
  // Drawn art is cropped as it is placed. Text art is placed whole and fitted
  // row by row afterwards, since whether a row wraps or crops depends on all of it.
  const cropAt = tpl.drawnWidth === null ? Infinity : cols;
  const widths: number[] = [];

  const newRow = (): void => {
    rows.push(row);
    widths.push(col);
    row = [];
    col = 0;
    pendingWrap = false;
  };
  const append = (text: string): void => {
    const last = row[row.length - 1];
    if (last && sameStyle(last.style, style)) last.text += text;
    else row.push({ style, text });
  };
  const putChar = (ch: string): void => {
    if (pendingWrap) newRow();
    const cw = charWidth(ch.codePointAt(0)!);
    if (col + cw <= cropAt) {
      append(ch);
      if (col + cw === cropAt) fullRow = true;
    }
    col += cw;
    if (tpl.drawnWidth !== null && col >= tpl.drawnWidth) pendingWrap = true;
  };
  // Printable ASCII is one column a character: place it a slice at a time
  // (up to the crop or the drawn width), exactly as character by character
  // would, without a string append per character.
  const putAscii = (run: string): void => {
    let k = 0;
    while (k < run.length) {
      if (pendingWrap) newRow();
      let n = run.length - k;
      if (tpl.drawnWidth !== null) n = Math.min(n, Math.max(1, tpl.drawnWidth - col));
      const visible = Math.min(n, cropAt - col);
      if (visible > 0) {
        append(run.slice(k, k + visible));
        if (col + visible === cropAt) fullRow = true;
      }
      col += n;
      if (tpl.drawnWidth !== null && col >= tpl.drawnWidth) pendingWrap = true;
      k += n;
    }
  };
  const put = (text: string): void => {
    let start = 0;
    while (start <= text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      const run = text.slice(start, end);
      if (PRINTABLE_ASCII.test(run)) putAscii(run);
      else for (const ch of run) putChar(ch);
      if (nl === -1) break;
      newRow();
      start = nl + 1;
    }
  };

  for (const tok of tpl.tokens) {
    switch (tok.t) {
      case 'text':
        put(tok.s);
        break;
      case 'nl':
        // After a row filled to the drawn width, the line end is that row's own
        // (the wrap is pending, as on a DOS screen): one new row, not two.
        newRow();
        break;
      case 'pipe':
        style = applyPipe(style, tok.code);
        break;
      case 'sgr':
        style = applySgr(style, tok.params);
        break;
      case 'clear':
        if (rows.length === 0 && row.length === 0) clear = true;
        break;
      case 'var': {
        const value = vars[tok.name];
        if (value === undefined) {
          put(`{{${tok.name}}}`);
          break;
        }
        // A value is one line unless its code made it a block: nothing a caller
        // typed can start a row of its own. On a CP437 terminal, glyphs whose
        // byte is a control (a form feed, SO/SI, ENQ) are swapped for safe ones;
        // the art's own glyphs, in its text tokens, still draw.
        // Markup is spliced in as art before rendering (spliceMarkup); one that reaches here shows as its source.
        const safe = isTextBlock(value) ? neutralize(value.block, { keepNewlines: true }) : isArtMarkup(value) ? neutralize(value.markup, { keepNewlines: true }) : neutralizeLine(String(value));
        const text = term.encoding === 'cp437' ? userTextForCp437(safe) : safe;
        put(tok.width ? fitWidth(text, tok.width, tok.right) : text);
        break;
      }
    }
  }
  if (row.length > 0 || rows.length === 0) {
    rows.push(row);
    widths.push(col);
  }
  const fitted = cropAt === Infinity ? fitTextRows(rows, widths, cols) : { rows, full: fullRow };

  const ansi = chalk.level > 0;
  const body = fitted.rows.map((segs) => segs.map((s) => paint(chalk, term.ansiBbs, s.style, s.text)).join('')).join('\n');
  const wrapOff = ansi && fitted.full;
  return (clear && ansi ? '\x1b[2J\x1b[H' : '') + (wrapOff ? '\x1b[?7l' + body + '\x1b[?7h' : body);
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
