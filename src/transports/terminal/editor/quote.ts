import { breakRows, unitsOf, widthOf } from './editor-wrap.js';
import { textWidth } from '../../../screens/text-width.js';

/**
 * Quoting a message in a reply, the FidoNet way (FSC-0032, which Synchronet
 * and most BBS editors follow):
 * - a newly quoted line starts with a space, the author's initials, '>' and
 *   a space: " AL> text";
 * - a line that is already a quote (" XY> text", "> text") gets no second
 *   set of initials: one more '>' goes after its own, " XY>> text", so the
 *   original author stays named and the prefix grows by one character a level;
 * - blank lines stay blank, with no prefix at all;
 * - every quoted line is a hard line, so a later re-wrap cannot mix levels.
 */

/** A line's quote prefix: whose initials, how many levels deep, and how many characters of the line it takes. */
interface QuotePrefix {
  initials: string;
  depth: number;
  length: number;
}

/** An optional space, up to three letters of initials, one '>' a level, an optional space. */
const PREFIX = /^ ?(\p{L}{0,3})(>+) ?/u;

/** At most this many initials, as the convention's " ABC> " has room for. */
const MAX_INITIALS = 3;

/** No quoted row is narrower than this, however deep its prefix. */
const MIN_ROOM = 2;

export function quotePrefix(line: string): QuotePrefix | null {
  const m = PREFIX.exec(line);
  if (!m) return null;
  return { initials: m[1]!, depth: m[2]!.length, length: m[0].length };
}

/** The prefix as written for a quote of `depth` levels: " AL> ", " AL>> ". */
export function formatPrefix(initials: string, depth: number): string {
  return ` ${initials}${'>'.repeat(depth)} `;
}

/** The first letter of each word of a name, capitals, at most three: "Ada Lovelace" is "AL". */
export function initialsOf(name: string): string {
  let out = '';
  for (const word of name.split(/[\s\-_.]+/)) {
    const letter = /\p{L}/u.exec(word);
    if (!letter) continue;
    out += letter[0].toLocaleUpperCase();
    if (out.length >= MAX_INITIALS) break;
  }
  return [...out].slice(0, MAX_INITIALS).join('');
}

/**
 * The chosen lines of `sourceText` (their indexes; all when `pick` is not
 * given), quoted and wrapped to `width` columns. A line breaks between words;
 * a word longer than the room is broken only when nothing else fits.
 */
export function quoteOf(sourceText: string, initials: string, width: number, pick?: number[]): string[] {
  const lines = sourceText.split(/\r?\n|\r/);
  const chosen = pick === undefined ? lines.map((_, i) => i) : [...new Set(pick)].filter((i) => Number.isInteger(i) && i >= 0 && i < lines.length).sort((a, b) => a - b);
  // Only letters can stand in a prefix, or it would not read back as one.
  const own = [...initials].filter((ch) => /\p{L}/u.test(ch)).slice(0, MAX_INITIALS).join('');
  const out: string[] = [];
  for (const i of chosen) {
    const line = lines[i]!;
    const found = quotePrefix(line);
    const prefix = found ? formatPrefix(found.initials, found.depth + 1) : formatPrefix(own, 1);
    const body = unitsOf((found ? line.slice(found.length) : line).trimEnd());
    if (body.every((u) => u === ' ')) {
      out.push('');
      continue;
    }
    const room = Math.max(Math.floor(width) - textWidth(prefix), MIN_ROOM);
    for (const row of breakRows(body, room, Number.MAX_SAFE_INTEGER)) {
      if (widthOf(body, row.start, row.end) === 0) continue;
      out.push(prefix + body.slice(row.start, row.end).join(''));
    }
  }
  return out;
}
