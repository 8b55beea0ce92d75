import { decodeCp437Input, encodeCp437, userTextForCp437 } from '../screens/cp437.js';
import { charWidth } from '../screens/text-width.js';

/**
 * Streaming translation between a door's character set and the caller's,
 * for a door that speaks CP437 to a UTF-8 terminal or the other way round.
 * Bytes below 0x20 and 0x7F are controls on a live wire (ESC starts ANSI, FF
 * clears, SO switches the character set), so they pass through untouched in
 * both directions and are never read as CP437's smileys and arrows. ANSI
 * sequences are ASCII, so they pass through as well. Every character keeps
 * its column count, because a door lays out its screen by columns.
 */
export interface Transcoder {
  /** The translation of `bytes`; a character split across chunks comes out with the chunk that completes it. */
  push(bytes: Uint8Array): Buffer;
  /** What is held at the end of the stream: an unfinished UTF-8 sequence comes out as '?'. */
  flush(): Buffer;
}

type DoorCharset = 'cp437' | 'utf8';

/** The UTF-8 of each of the 256 CP437 bytes as a wire carries them: controls and ASCII as they are, 0x80-0xFF as glyphs. */
const UTF8_OF_CP437: readonly Buffer[] = Array.from({ length: 256 }, (_, b) => Buffer.from(decodeCp437Input(Uint8Array.of(b)), 'utf8'));

/** CP437 bytes to UTF-8: one byte is one character, so nothing is ever held between chunks. */
export function cp437ToUtf8(): Transcoder {
  return {
    push(bytes) {
      // A glyph is at most three bytes of UTF-8.
      const out = Buffer.allocUnsafe(bytes.length * 3);
      let n = 0;
      for (const b of bytes) {
        if (b < 0x80) out[n++] = b;
        else for (const u of UTF8_OF_CP437[b]!) out[n++] = u;
      }
      return out.subarray(0, n);
    },
    flush: () => Buffer.alloc(0),
  };
}

/**
 * UTF-8 bytes to CP437. The decoder holds an unfinished sequence until the
 * chunk that completes it; invalid bytes become U+FFFD and so '?'.
 */
export function utf8ToCp437(): Transcoder {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return {
    push: (bytes) => cp437Columns(decoder.decode(bytes, { stream: true })),
    flush: () => cp437Columns(decoder.decode()),
  };
}

const QUESTION = 0x3f;

/**
 * Text as CP437 bytes, one column for one column: a glyph CP437 has becomes
 * its byte, a glyph it keeps at a control byte gets a one-column look-alike
 * or '?', anything else one '?' per column it takes (two for a wide
 * character, none for a combining mark). The board's longer stand-ins
 * ("..." for "…") would shift a door's screen, so only one-byte ones are used.
 */
function cp437Columns(text: string): Buffer {
  if (/^[\x00-\x7f]*$/.test(text)) return Buffer.from(text, 'latin1');
  // No character yields more bytes than its UTF-16 units: two '?' at most, for a wide one.
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out[n++] = code;
    else for (const b of columnBytes(ch)) out[n++] = b;
  }
  return out.subarray(0, n);
}

/** Bytes of characters seen so far, worked out once; cleared at a bound, since a stream may hold any of Unicode. */
const columnCache = new Map<string, readonly number[]>();
const COLUMN_CACHE_MAX = 4096;

function columnBytes(ch: string): readonly number[] {
  let bytes = columnCache.get(ch);
  if (bytes) return bytes;
  bytes = workOutColumns(ch);
  if (columnCache.size >= COLUMN_CACHE_MAX) columnCache.clear();
  columnCache.set(ch, bytes);
  return bytes;
}

function workOutColumns(ch: string): readonly number[] {
  const width = charWidth(ch.codePointAt(0)!);
  const encoded = encodeCp437(userTextForCp437(ch));
  // An empty stand-in is an invisible character (a zero-width space, a BOM): it takes no column.
  if (encoded.length === 0) return [];
  if (width === 1 && encoded.length === 1 && encoded[0]! >= 0x20) return [encoded[0]!];
  return Array.from({ length: width }, () => QUESTION);
}

/** The translator from one charset to the other, or none when they are the same. */
export function transcoder(from: DoorCharset, to: DoorCharset): Transcoder | undefined {
  if (from === to) return undefined;
  return from === 'cp437' ? cp437ToUtf8() : utf8ToCp437();
}
