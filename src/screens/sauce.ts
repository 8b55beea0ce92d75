/**
 * SAUCE: the 128-byte metadata record at the end of many ANSI art files,
 * optionally preceded by a COMNT block of 64-byte lines, with the art itself
 * ending at the first 0x1A (DOS end-of-file). None of it may reach a caller.
 */

interface SauceInfo {
  title: string;
  author: string;
  group: string;
  /** Columns the art was drawn for (TInfo1 of character art), when given. */
  width: number | null;
  /** iCE colours: background intensity instead of blink. */
  iceColors: boolean;
}

interface SplitArt {
  art: Uint8Array;
  sauce: SauceInfo | null;
}

const RECORD = 128;
const COMMENT_LINE = 64;

export function splitSauce(bytes: Uint8Array): SplitArt {
  let end = bytes.length;
  let sauce: SauceInfo | null = null;
  if (bytes.length >= RECORD && ascii(bytes, bytes.length - RECORD, 5) === 'SAUCE') {
    const at = bytes.length - RECORD;
    const record = bytes.subarray(at);
    sauce = parseRecord(record);
    end = at;
    const comments = record[104] ?? 0;
    const commentStart = at - 5 - comments * COMMENT_LINE;
    if (comments > 0 && commentStart >= 0 && ascii(bytes, commentStart, 5) === 'COMNT') end = commentStart;
  }
  const eof = bytes.subarray(0, end).indexOf(0x1a);
  return { art: bytes.subarray(0, eof === -1 ? end : eof), sauce };
}

function parseRecord(r: Uint8Array): SauceInfo {
  const dataType = r[94] ?? 0;
  const fileType = r[95] ?? 0;
  const tinfo1 = (r[96] ?? 0) | ((r[97] ?? 0) << 8);
  const flags = r[105] ?? 0;
  // Character (1) art of type ANSi/ASCII/ANSiMation (0..2) carries its width in TInfo1.
  const isCharacter = dataType === 1 && fileType <= 2;
  return {
    title: field(r, 7, 35),
    author: field(r, 42, 20),
    group: field(r, 62, 20),
    width: isCharacter && tinfo1 > 0 && tinfo1 <= 1000 ? tinfo1 : null,
    iceColors: isCharacter && (flags & 1) === 1,
  };
}

function field(r: Uint8Array, start: number, length: number): string {
  return ascii(r, start, length).replace(/[\0 ]+$/, '');
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
