import { CP437_STAND_INS } from '../screens/cp437-stand-ins.js';

/**
 * The pieces drop-file lines are made of. The formats come from DOS boards:
 * a door reads them with a fixed-size buffer per line, expects plain ASCII
 * and splits lines at CR LF, so every text field here is ASCII, carries no
 * control character and is cut to the width door kits read.
 */

/** Letters that carry no combining mark to strip, so NFKD alone leaves them non-ASCII. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H', ŋ: 'n', Ŋ: 'N',
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** One character as ASCII: itself, a transliteration (é -> e, ß -> ss, "…" -> "..."), or '?'; a line break or tab is a space. */
function asciiOf(ch: string): string {
  if (ch === '\r' || ch === '\n' || ch === '\t') return ' ';
  if (CONTROL.test(ch)) return '?';
  if (ch.codePointAt(0)! < 0x80) return ch;
  const known = LETTERS[ch] ?? CP437_STAND_INS[ch];
  if (known !== undefined && /^[\x20-\x7e]*$/.test(known)) return known;
  const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  return /^[\x20-\x7e]+$/.test(bare) ? bare : '?';
}

/**
 * Text for one drop-file field: transliterated to printable ASCII (anything
 * without a Latin reading becomes '?', one per character), never a control
 * character (a CR, LF or tab is a space, so no line shifts every later one;
 * other controls are '?'), trimmed, and cut to `width` characters where
 * the format has a width.
 */
export function asciiField(text: string, width = 80): string {
  let out = '';
  for (const ch of text) {
    out += asciiOf(ch);
    if (out.length >= width) break;
  }
  return out.slice(0, width).trim();
}

/** A whole number kept inside what the field's reader holds (most DOS kits read a signed 16-bit int); NaN reads as `min`. */
export function clampInt(n: number, max = 32767, min = 0): number {
  if (!Number.isFinite(n)) return min;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

const two = (n: number): string => String(n).padStart(2, '0');

/** A date that can be written; an invalid one reads as midnight, 1 January 2000, rather than "NaN". */
const sane = (d: Date): Date => (Number.isFinite(d.getTime()) ? d : new Date(2000, 0, 1));

/** MM/DD/YY in the board's own zone (the process's), as every DOS board wrote dates. */
export function mmddyy(date: Date): string {
  const d = sane(date);
  return `${two(d.getMonth() + 1)}/${two(d.getDate())}/${two(d.getFullYear() % 100)}`;
}

/** HH:MM, 24-hour, in the board's zone. */
export function hhmm(date: Date): string {
  const d = sane(date);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Seconds since the board's local midnight. */
export function secondsPastMidnight(date: Date): number {
  const d = sane(date);
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
}

/** First name and the rest, split at the first space, for the formats that keep them apart. */
export function nameParts(name: string): [string, string] {
  const at = name.indexOf(' ');
  return at < 0 ? [name, ''] : [name.slice(0, at), name.slice(at + 1).trim()];
}

/** A folder path ending in its separator, as DOS formats give directories ("C:\DOORS\"). */
export function folderPath(path: string): string {
  if (path === '') return path;
  const sep = path.includes('\\') ? '\\' : '/';
  return path.endsWith(sep) ? path : path + sep;
}

/** Lines joined the DOS way: CR LF after each, the last one included. */
export function dosLines(lines: readonly (string | number)[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}
