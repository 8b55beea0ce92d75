import { userTextForCp437 } from '../../../screens/cp437.js';
import { charWidth, cutToWidth, textWidth } from '../../../screens/text-width.js';

/**
 * Text for one screen row of the editor, measured in terminal columns. The
 * view places the cursor by column, so every helper here keeps a character's
 * width as text-width.ts counts it and never splits a wide character.
 */

/** C0, DEL and C1 controls, and the bidi overrides that would reorder the row. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u202a-\u202e\u2066-\u2069]/g;
const ZERO_WIDTH_BIDI = /[\u200e\u200f]/g;

/**
 * Text a caller wrote, made safe to draw: a control becomes '?' (one column,
 * as text-width.ts already counted it, so the cursor stays where the model
 * put it), and an ANSI-BBS caller gets no character that CP437 would send
 * as a control byte.
 */
export function safeText(text: string, ansiBbs: boolean): string {
  const plain = text.replace(UNSAFE, '?').replace(ZERO_WIDTH_BIDI, '');
  return ansiBbs ? userTextForCp437(plain) : plain;
}

/** The text from column `from` on; a wide character cut in half by `from` becomes a space. */
export function fromColumn(text: string, from: number): string {
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w >= from) out += ch;
    else if (w + cw > from) out += ' '.repeat(w + cw - from);
    w += cw;
  }
  return out;
}

/** The text cut to `width` columns, ending in `ellipsis` when something was cut. */
export function ellipsize(text: string, width: number, ellipsis: string): string {
  if (textWidth(text) <= width) return text;
  const room = width - textWidth(ellipsis);
  return room <= 0 ? cutToWidth(ellipsis, width) : cutToWidth(text, room) + ellipsis;
}

/** The text padded with `fill` (one column wide) to exactly `width` columns, cut when longer. */
export function padToWidth(text: string, width: number, fill = ' '): string {
  const cut = cutToWidth(text, width);
  return cut + fill.repeat(Math.max(0, width - textWidth(cut)));
}
