import { CP437_STAND_INS } from './cp437-stand-ins.js';

/**
 * Code page 437, the IBM PC character set of ANSI art, as a 256-entry table.
 * Node's TextDecoder has no ibm437, and iconv-style codecs map 0x00-0x1F to
 * control characters, while in art those bytes are glyphs (a smiley, arrows,
 * a house). So: a table.
 */

// prettier-ignore
const LOW = [
  ' ', '☺', '☻', '♥', '♦', '♣', '♠', '•', '◘', '○', '◙', '♂', '♀', '♪', '♫', '☼',
  '►', '◄', '↕', '‼', '¶', '§', '▬', '↨', '↑', '↓', '→', '←', '∟', '↔', '▲', '▼',
];
// prettier-ignore
const HIGH = [
  'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å',
  'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ',
  'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»',
  '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐',
  '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧',
  '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀',
  'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩',
  '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u00a0',
];

/** Unicode text of every CP437 byte, reading 0x00-0x1F and 0x7F as glyphs. */
const CP437_GLYPHS: readonly string[] = [
  ...LOW,
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  '⌂',
  ...HIGH,
];

/** Bytes a terminal acts on rather than draws; they stay controls in both directions. */
const CONTROL_BYTES = new Set([0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b]);

const ENCODE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) ENCODE.set(CP437_GLYPHS[b]!, b);
for (let b = 0x01; b < 0x20; b++) if (!CONTROL_BYTES.has(b)) ENCODE.set(CP437_GLYPHS[b]!, b);
ENCODE.set('⌂', 0x7f);
// Common Unicode stand-ins that have a close CP437 glyph.
ENCODE.set('\u00b7', 0xfa);
ENCODE.set('\u2219', 0xf9);
ENCODE.set('\u03b2', 0xe1);
ENCODE.set('\u2126', 0xea);
ENCODE.set('\u2205', 0xed);
ENCODE.set('\u2208', 0xee);

/**
 * Stand-ins for the glyphs that CP437 keeps in 0x01-0x1F and 0x7F: a terminal
 * reads those bytes as controls (FF clears the screen, SO/SI switch the
 * character set, ENQ makes it answer), so text a caller wrote must never send
 * them. Art drawn by the sysop keeps them; user text gets a look-alike of one
 * column where ASCII or CP437's upper half has one, else '?'.
 */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '•': '∙',
  '○': 'o',
  '☼': '*',
  '►': '>',
  '◄': '<',
  '↕': '|',
  '‼': '!',
  '▬': '■',
  '↨': '|',
  '↑': '^',
  '↓': 'v',
  '→': '>',
  '←': '<',
  '∟': 'L',
  '↔': '-',
  '▲': '^',
  '▼': 'v',
};
const CONTROL_GLYPH_CLASS = `[${[...CP437_GLYPHS.slice(1, 0x20), '⌂'].join('')}]`;
const ANY_CONTROL_GLYPH = new RegExp(CONTROL_GLYPH_CLASS, 'u');
const CONTROL_GLYPHS = new RegExp(CONTROL_GLYPH_CLASS, 'gu');

/** User text made safe to encode for a CP437 terminal: no character of it becomes a byte below 0x20 or 0x7F. */
export function userTextForCp437(text: string): string {
  return ANY_CONTROL_GLYPH.test(text) ? text.replace(CONTROL_GLYPHS, (ch) => LOOK_ALIKES[ch] ?? '?') : text;
}

/**
 * Decode art bytes: glyph bytes become their Unicode characters, while the
 * bytes a terminal acts on (ESC, CR, LF, TAB, BS, BEL) stay controls so ANSI
 * sequences and line ends keep working.
 */
export function decodeCp437Art(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += CONTROL_BYTES.has(b) ? String.fromCharCode(b) : CP437_GLYPHS[b]!;
  return out;
}

/** Decode what a CP437 terminal typed: ASCII as is, 0x80-0xFF as glyphs. */
export function decodeCp437Input(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_GLYPHS[b]!;
  return out;
}

/** The longest stand-in, in bytes: the output buffer is sized for every character needing it. */
const STAND_IN_MAX = Math.max(...Object.values(CP437_STAND_INS).map((s) => s.length));

/**
 * Bytes for a character CP437 lacks: its stand-in, or the letter without its
 * marks (ő -> o), else '?'. Kept once worked out; the map holds only
 * characters that were sent, and is cleared at a bound.
 */
const fallbacks = new Map<string, readonly number[]>();
const FALLBACKS_MAX = 4096;
const QUESTION = [0x3f] as const;

function fallbackFor(ch: string): readonly number[] {
  let bytes = fallbacks.get(ch);
  if (bytes) return bytes;
  const standIn = CP437_STAND_INS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
  const encoded = [...standIn].map((c) => (c.codePointAt(0)! < 0x80 ? c.codePointAt(0)! : ENCODE.get(c)));
  // A stand-in is printable ASCII or a glyph above 0x7F: never a byte the terminal would act on.
  const usable = standIn !== ch && encoded.every((b) => b !== undefined && (b >= 0x80 || (b >= 0x20 && b < 0x7f)));
  bytes = usable ? (encoded as number[]) : QUESTION;
  if (fallbacks.size >= FALLBACKS_MAX) fallbacks.clear();
  fallbacks.set(ch, bytes);
  return bytes;
}

/**
 * Encode Unicode text for a CP437 terminal. ASCII (controls included) passes
 * through; glyphs map to their byte; common punctuation, arrows and signs
 * CP437 lacks get their nearest CP437 stand-in ("…" -> "...", "—" -> "─");
 * anything else becomes '?'.
 */
export function encodeCp437(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * STAND_IN_MAX);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const byte = code < 0x80 ? code : ENCODE.get(ch);
    if (byte !== undefined) out[n++] = byte;
    else for (const b of fallbackFor(ch)) out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Whether every character of the text has a CP437 byte (ASCII included). */
export function isCp437Encodable(text: string): boolean {
  for (const ch of text) if (ch.codePointAt(0)! >= 0x80 && !ENCODE.has(ch)) return false;
  return true;
}
