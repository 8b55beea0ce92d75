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
  let left = `${line}${GAP}${col}${GAP}${mode}`;
  if (textWidth(left) > width) left = `${line}${GAP}${mode}`;
  left = ellipsize(left, width, '');
  const used = textWidth(left);
  const right = KEY_RUNS.findLast((run) => run === '' || used + GAP.length + run.length <= width)!;
  return [{ text: left + ' '.repeat(width - used - right.length) + right, role: 'status' }];
}

/** The keys as far as each fits: none, the first, the first two ... (plain ASCII, so a run's length is its width). */
const KEY_RUNS: readonly string[] = ['', ...KEYS.map((_, i) => KEYS.slice(0, i + 1).join(GAP))];
