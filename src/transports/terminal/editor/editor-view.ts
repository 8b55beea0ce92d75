import { textWidth } from '../../../screens/text-width.js';
import { ellipsize, padToWidth, safeText } from './cell-text.js';
import { cutToWidth } from '../../../screens/text-width.js';
import type { EditorFrame, EditorViewState } from './editor-contract.js';
import { drawOverlay } from './editor-overlays.js';
import { painterFor, type Painter, type Piece } from './editor-paint.js';
import { statusRow } from './editor-status.js';

/**
 * The full-screen editor drawn as terminal bytes: a title bar, the header
 * fields, a rule, the text area and a status row, with the help, a question
 * or the quote window laid over the text. Given the frame drawn last, only
 * the rows that changed are sent, so a keystroke costs one row, not a screen.
 */

const CSI = '\x1b[';
const CLEAR = `${CSI}2J${CSI}H`;
const HIDE_CURSOR = `${CSI}?25l`;
const SHOW_CURSOR = `${CSI}?25h`;

/** Below this the layout is not drawn: the keys and the position would not fit. */
const MIN_COLS = 30;
/** The fewest text rows worth editing in. */
const MIN_TEXT_ROWS = 3;
export const TOO_SMALL = 'Window too small';
/** The largest screen drawn, as the board's other screen code bounds it: a peer's size cannot make a frame unbounded. */
const MAX_COLS = 500;
const MAX_ROWS = 300;

export function renderEditor(state: EditorViewState, previous: EditorFrame | null): { out: string; frame: EditorFrame } {
  const cols = side(state.cols, MAX_COLS, 80);
  const rows = side(state.rows, MAX_ROWS, 24);
  const painter = painterFor(state.style);
  const look = lookOf(state.style);
  const reuse = previous?.text && previous.cols === cols && previous.rows === rows && previous.look === look ? (previous as Drawn) : null;
  const frame = layout(state, new Drawn(cols, rows, state.header, look), painter, reuse);
  return { out: changes(frame, previous), frame };
}

/**
 * A frame as drawn. The editor makes one at every key and keeps it until the
 * next, so it is a class and its arrays are copies, never literals: V8 moves
 * an object literal's allocation site to the old generation once enough of
 * its objects outlive a collection (every caller's frame does while they
 * think), and then every key's frame would be old-generation garbage.
 */
class Drawn implements EditorFrame {
  screen: string[] = EMPTY.slice();
  cursor = new ScreenPoint(0, 0);
  text: Array<string | null>;

  constructor(
    readonly cols: number,
    readonly rows: number,
    readonly header: EditorViewState['header'],
    readonly look: number,
  ) {
    this.text = NO_TEXT.slice(0, rows);
  }
}

class ScreenPoint {
  constructor(
    readonly row: number,
    readonly col: number,
  ) {}
}

const EMPTY: string[] = [];
const NO_TEXT: null[] = new Array<null>(MAX_ROWS).fill(null);

function lookOf(style: EditorViewState['style']): number {
  return style.colorLevel * 2 + (style.ansiBbs ? 1 : 0);
}

function layout(state: EditorViewState, frame: Drawn, painter: Painter, reuse: Drawn | null): Drawn {
  const { cols, rows } = frame;
  const fields = state.header.fields;
  const textTop = 1 + fields.length + 1;
  const textRows = rows - textTop - 1;
  if (cols < MIN_COLS || textRows < MIN_TEXT_ROWS) return tooSmall(frame, painter);

  const { screen, text } = frame;
  if (reuse?.header === state.header) for (let r = 0; r < textTop; r++) screen.push(reuse.screen[r]!);
  else for (const row of headerRows(state.header, cols, painter)) screen.push(row);
  const lines: string[] = [];
  for (let r = 0; r < textRows; r++) {
    const line = state.lines[state.top + r];
    lines.push(line === undefined ? '' : cutToWidth(safeText(line, painter.ansiBbs), cols));
  }
  // The cursor is kept in the text area even if the model let it stray.
  frame.cursor = new ScreenPoint(textTop + clamp(state.cursor.line - state.top, 0, textRows - 1), clamp(state.cursor.col, 0, cols - 1));
  if (state.overlay) {
    const over = drawOverlay(state.overlay, { lines, rows: textRows, cols }, painter);
    for (const pieces of over.rows) screen.push(painter.row(pieces));
    frame.cursor = new ScreenPoint(textTop + clamp(over.cursor.row, 0, textRows - 1), clamp(over.cursor.col, 0, cols - 1));
  } else {
    // A key changes a row or two: the others are the strings already on the screen.
    lines.forEach((line, r) => {
      const at = textTop + r;
      text[at] = line;
      screen.push(reuse?.text[at] === line ? reuse.screen[at]! : painter.row([{ text: line, role: 'text' }]));
    });
  }
  screen.push(painter.row(statusRow(state, cols - 1, painter)));
  return frame;
}

/** The title, the fields and the rule under them: the same for the whole of an edit. */
function headerRows(header: EditorViewState['header'], cols: number, painter: Painter): string[] {
  const { fields } = header;
  const screen: string[] = [titleRow(header.title, cols, painter)];
  const labelWidth = Math.max(0, ...fields.map(([label]) => textWidth(safeText(label, painter.ansiBbs)) + 1));
  for (const [label, value] of fields) screen.push(painter.row(fieldRow(label, value, labelWidth, cols, painter)));
  screen.push(painter.row([{ text: painter.glyphs.rule.repeat(cols), role: 'rule' }]));
  return screen;
}

function titleRow(title: string, cols: number, painter: Painter): string {
  const text = ellipsize(safeText(title, painter.ansiBbs), Math.max(0, cols - 2), painter.glyphs.ellipsis);
  const left = Math.floor((cols - textWidth(text)) / 2);
  // Without colour there is no bar: the title sits between rules instead.
  const fill = painter.colour ? ' ' : '-';
  const bar = fill.repeat(Math.max(0, left - 1)) + ` ${text} `;
  return painter.row([{ text: padToWidth(bar, cols, fill), role: 'title' }]);
}

function fieldRow(label: string, value: string, labelWidth: number, cols: number, painter: Painter): Piece[] {
  const head = padToWidth(`${safeText(label, painter.ansiBbs)}:`, labelWidth) + ' ';
  const room = Math.max(0, cols - textWidth(head));
  return [
    { text: head, role: 'label' },
    { text: ellipsize(safeText(value, painter.ansiBbs), room, painter.glyphs.ellipsis), role: 'value' },
  ];
}

function tooSmall(frame: Drawn, painter: Painter): Drawn {
  const { cols, rows } = frame;
  // One row says so, never the bottom-right cell on a one-row screen.
  const width = rows === 1 ? cols - 1 : cols;
  const text = cutToWidth(TOO_SMALL, Math.max(0, width));
  for (let r = 0; r < rows; r++) frame.screen.push(r === 0 ? painter.row([{ text, role: 'message' }]) : '');
  frame.cursor = new ScreenPoint(0, Math.min(textWidth(text), Math.max(0, cols - 1)));
  return frame;
}

/**
 * The bytes from the previous frame to this one: everything after a clear
 * when there is no previous frame of this size, else each changed row
 * redrawn and cleared to its end; the cursor put back last.
 */
function changes(frame: EditorFrame, previous: EditorFrame | null): string {
  const full = previous === null || previous.cols !== frame.cols || previous.rows !== frame.rows;
  let out = '';
  frame.screen.forEach((row, r) => {
    if (full ? row === '' : row === previous.screen[r]) return;
    out += `${CSI}${r + 1};1H${row}`;
    // A row that fills the last column leaves the cursor there, and CSI K would erase that cell.
    if (visibleWidth(row) < frame.cols) out += `${CSI}K`;
  });
  const moveCursor = `${CSI}${frame.cursor.row + 1};${frame.cursor.col + 1}H`;
  if (full) return `${HIDE_CURSOR}${CLEAR}${out}${moveCursor}${SHOW_CURSOR}`;
  if (out) return `${HIDE_CURSOR}${out}${moveCursor}${SHOW_CURSOR}`;
  const moved = frame.cursor.row !== previous.cursor.row || frame.cursor.col !== previous.cursor.col;
  return moved ? moveCursor : '';
}

const SGR = /\x1b\[[0-9;]*m/g;
function visibleWidth(row: string): number {
  return textWidth(row.replace(SGR, ''));
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo;
}

/** A screen side from the peer: a whole number within bounds, or the usual size when it is not a number. */
function side(n: number, max: number, usual: number): number {
  return Number.isFinite(n) ? clamp(n, 1, max) : usual;
}
