import { textWidth } from '../../../screens/text-width.js';
import { ellipsize, padToWidth, safeText } from './cell-text.js';
import type { EditorViewState } from './editor-contract.js';
import type { Painter, Piece } from './editor-paint.js';

/** The keys the status row names, most important first: a narrow screen drops them from the end. */
const KEYS = ['^G help', '^Z save', '^C abort', '^Q quote'] as const;
const GAP = '  ';

/**
 * The editor's bottom row, exactly `width` columns (the caller passes one
 * less than the screen: writing the bottom-right cell scrolls a terminal).
 * Where the cursor is and the mode on the left, the keys on the right as far
 * as they fit; or the note of the moment, highlighted, in its place.
 */
export function statusRow(state: EditorViewState, width: number, painter: Painter): Piece[] {
  if (width <= 0) return [];
  if (state.message !== null) {
    // Without colour the note is marked by a sign rather than a bar.
    const text = (painter.colour ? ' ' : '! ') + safeText(state.message, painter.ansiBbs);
    return [{ text: padToWidth(ellipsize(text, width, painter.glyphs.ellipsis), width), role: 'message' }];
  }
  const line = `Ln ${state.cursor.line + 1}/${state.caps.maxLines}`;
  const col = `Col ${state.cursor.col + 1}/${state.caps.maxLineLength}`;
  const mode = state.overwrite ? 'OVR' : 'INS';
  // Where even the position does not fit, the column goes before the line and the mode.
  let left = [line, col, mode].join(GAP);
  if (textWidth(left) > width) left = [line, mode].join(GAP);
  left = ellipsize(left, width, '');
  const keys = [...KEYS];
  const fits = (): boolean => keys.length === 0 || textWidth(left) + GAP.length + textWidth(keys.join(GAP)) <= width;
  while (!fits()) keys.pop();
  const right = keys.join(GAP);
  const pad = ' '.repeat(width - textWidth(left) - textWidth(right));
  return [{ text: left + pad + right, role: 'status' }];
}
