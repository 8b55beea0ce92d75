import { oneLine } from './line-breaks.js';

/**
 * User-written text is data, never markup or terminal commands. Before it is
 * shown to anyone, every control and escape byte becomes visible caret text
 * (ESC -> "^["), so a message cannot move another caller's cursor, recolour
 * their screen, retitle their window or hide text with bidi overrides.
 * Pipe codes and {{variables}} need no treatment here: user text is inserted
 * as literal text and never parsed as art markup.
 */

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Line ends as typed or pasted: CR LF, lone CR, and the Unicode line and paragraph separators. */
const LINE_ENDS = /\r\n?|[\u2028\u2029]/g;

/** Every character neutralize changes; text with none of them is returned as it is, uncopied. */
const TOUCHED = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

export function neutralize(text: string, opts: { keepNewlines?: boolean } = {}): string {
  const keep = opts.keepNewlines ?? false;
  // Most text is plain: one scan, where the loop below builds a new string a character at a time.
  if (!TOUCHED.test(text) && (keep || !text.includes('\n'))) return text;
  let out = '';
  for (const ch of text.replace(LINE_ENDS, '\n').replace(BIDI_CONTROLS, '\ufffd')) {
    const c = ch.codePointAt(0)!;
    if (c === 0x0a && keep) out += '\n';
    else if (c === 0x09) out += '    ';
    else if (c < 0x20) out += '^' + String.fromCharCode(c + 0x40);
    else if (c === 0x7f) out += '^?';
    else if (c >= 0x80 && c < 0xa0) out += '\ufffd';
    else out += ch;
  }
  return out;
}

/** A single-line field (names, subjects, chat lines): every line break (line-breaks.ts) becomes a space first. */
export function neutralizeLine(text: string): string {
  return neutralize(oneLine(text));
}
