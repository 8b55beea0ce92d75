import { textWidth, wrapText } from '../../../screens/text-width.js';
import { ellipsize, fromColumn, padToWidth, safeText } from './cell-text.js';
import { cutToWidth } from '../../../screens/text-width.js';
import type { EditorViewState } from './editor-contract.js';
import type { Painter, Piece, Role } from './editor-paint.js';

/**
 * What is drawn over the editor's text area: the help, a question in a box,
 * and the quote window. Each is a framed box laid over the text rows that are
 * showing, so the text around a small box stays in view.
 */

type Overlay = NonNullable<EditorViewState['overlay']>;

/** The text area as drawn: its rows (plain, already safe) and its size. */
interface TextArea {
  lines: readonly string[];
  rows: number;
  cols: number;
}

interface DrawnOverlay {
  /** One row of pieces per row of the text area. */
  rows: Piece[][];
  /** Where the cursor goes, in the text area's own rows and columns (0-based). */
  cursor: { row: number; col: number };
}

/** Every key the editor knows, as the help shows them. */
export const HELP_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['Arrows', 'move'],
  ['Home ^A', 'line start'],
  ['End ^E', 'line end'],
  ['PgUp', 'page up'],
  ['PgDn', 'page down'],
  ['Insert', 'insert/overwrite'],
  ['Delete', 'delete right'],
  ['Backspace', 'delete left'],
  ['Enter', 'new line'],
  ['^K', 'cut to line end'],
  ['^U', 'cut to line start'],
  ['^Y', 'delete the line'],
  ['^W', 'delete word before'],
  ['^R', 'reflow paragraph'],
  ['^Q', 'quote window'],
  ['^Z or ^S', 'save'],
  ['^C or Esc', 'abort'],
  ['F1 or ^G', 'this help'],
];
const HELP_TITLE = 'Editor keys';
export const HELP_FOOTER = 'any key to go back';
export const QUOTE_HINT = 'Space mark  Enter insert  Esc close';

export function drawOverlay(overlay: Overlay, area: TextArea, painter: Painter): DrawnOverlay {
  if (overlay.kind === 'help') return drawHelp(area, painter);
  if (overlay.kind === 'confirm') return drawConfirm(overlay.text, area, painter);
  return drawQuote(overlay, area, painter);
}

/** A box's inner row: pieces padded to the inner width. */
type Inner = Piece[];

interface Box {
  x: number;
  y: number;
  width: number;
  title: string;
  footer: string;
  inner: Inner[];
}

/** The text area with the box laid over it. */
function lay(area: TextArea, box: Box, painter: Painter): Piece[][] {
  const g = painter.glyphs;
  const innerWidth = box.width - 2;
  const border = (left: string, label: string, right: string): Piece[] => {
    const text = label ? ` ${ellipsize(label, Math.max(0, innerWidth - 4), g.ellipsis)} ` : '';
    const lead = text ? g.horizontal : '';
    return [{ text: left + padToWidth(lead + text, innerWidth, g.horizontal) + right, role: 'frame' }];
  };
  const boxRows: Piece[][] = [
    border(g.topLeft, box.title, g.topRight),
    ...box.inner.map((inner): Piece[] => [{ text: g.vertical, role: 'frame' }, ...inner, { text: g.vertical, role: 'frame' }]),
    border(g.bottomLeft, box.footer, g.bottomRight),
  ];
  const rows: Piece[][] = [];
  for (let r = 0; r < area.rows; r++) {
    const line = area.lines[r] ?? '';
    const boxRow = boxRows[r - box.y];
    if (!boxRow) {
      rows.push([{ text: line, role: 'text' }]);
      continue;
    }
    rows.push([
      { text: padToWidth(cutToWidth(line, box.x), box.x), role: 'text' },
      ...boxRow,
      { text: fromColumn(line, box.x + box.width), role: 'text' },
    ]);
  }
  return rows;
}

/** Pieces filling exactly `width` columns of a box. */
function innerRow(text: string, width: number, role: Role = 'box', inverse = false): Inner {
  return [{ text: padToWidth(text, width), role, inverse }];
}

function drawHelp(area: TextArea, painter: Painter): DrawnOverlay {
  const innerWidth = area.cols - 2;
  const innerRows = Math.max(0, area.rows - 2);
  // As many columns as the rows need, balanced; each entry cut to its column when the screen is narrow.
  const columns = Math.max(1, Math.ceil(HELP_KEYS.length / Math.max(1, innerRows)));
  const perColumn = Math.ceil(HELP_KEYS.length / columns);
  const cellWidth = Math.floor(innerWidth / columns);
  const gap = cellWidth < 30 ? ' ' : '  ';
  const keyWidths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...HELP_KEYS.slice(c * perColumn, (c + 1) * perColumn).map(([k]) => textWidth(k))),
  );
  const inner: Inner[] = [];
  for (let r = 0; r < innerRows; r++) {
    let text = '';
    for (let c = 0; c < columns; c++) {
      const entry = r < perColumn ? HELP_KEYS[c * perColumn + r] : undefined;
      if (!entry) break;
      const cell = ` ${entry[0].padEnd(keyWidths[c]!)}${gap}${entry[1]}`;
      text += padToWidth(ellipsize(cell, cellWidth - 1, painter.glyphs.ellipsis), cellWidth);
    }
    inner.push(innerRow(text, innerWidth));
  }
  const rows = lay(area, { x: 0, y: 0, width: area.cols, title: HELP_TITLE, footer: HELP_FOOTER, inner }, painter);
  return { rows, cursor: { row: area.rows - 1, col: Math.min(area.cols - 1, textWidth(HELP_FOOTER) + 4) } };
}

function drawConfirm(question: string, area: TextArea, painter: Painter): DrawnOverlay {
  const maxInner = Math.max(1, area.cols - 6);
  const wrapped = wrapText(safeText(question, painter.ansiBbs), maxInner)
    .map((l) => cutToWidth(l, maxInner))
    .slice(0, Math.max(1, area.rows - 2));
  const textWidthMax = Math.max(...wrapped.map((l) => textWidth(l)));
  const inner = Math.min(maxInner, Math.max(textWidthMax, 20));
  const width = inner + 4;
  const height = wrapped.length + 2;
  const x = Math.floor((area.cols - width) / 2);
  const y = Math.max(0, Math.floor((area.rows - height) / 2));
  const rows = lay(area, { x, y, width, title: '', footer: '', inner: wrapped.map((l) => innerRow(` ${l} `, inner + 2)) }, painter);
  const last = wrapped[wrapped.length - 1] ?? '';
  return { rows, cursor: { row: y + wrapped.length, col: x + 2 + textWidth(last) } };
}

function drawQuote(quote: Extract<Overlay, { kind: 'quote' }>, area: TextArea, painter: Painter): DrawnOverlay {
  // The lower part of the text area, so the lines being written stay in view above it.
  const height = area.rows < 8 ? area.rows : Math.min(area.rows, Math.max(8, Math.ceil(area.rows * 0.6)));
  const y = area.rows - height;
  const innerWidth = area.cols - 2;
  const listRows = Math.max(0, height - 3);
  const numberWidth = String(quote.lines.length).length;
  const inner: Inner[] = [];
  let cursorRow = y + 1;
  for (let r = 0; r < listRows; r++) {
    const i = quote.top + r;
    const line = quote.lines[i];
    if (line === undefined) {
      inner.push(innerRow('', innerWidth));
      continue;
    }
    const atCursor = i === quote.cursor;
    if (atCursor) cursorRow = y + 1 + r;
    const marked = quote.marked.has(i);
    // Without colour, signs stand in for the highlight and the reverse video.
    const signs = `${atCursor && !painter.colour ? '>' : ' '}${marked ? '*' : ' '}`;
    const text = `${signs}${String(i + 1).padStart(numberWidth)} ${safeText(line, painter.ansiBbs)}`;
    inner.push(innerRow(text, innerWidth, marked ? 'marked' : 'box', atCursor && painter.colour));
  }
  inner.push(innerRow(` ${ellipsize(QUOTE_HINT, innerWidth - 1, painter.glyphs.ellipsis)}`, innerWidth, 'frame'));
  const rows = lay(area, { x: 0, y, width: area.cols, title: safeText(quote.title, painter.ansiBbs), footer: '', inner }, painter);
  return { rows, cursor: { row: cursorRow, col: 1 } };
}
