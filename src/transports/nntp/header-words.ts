/**
 * Header text for newsreaders: ASCII as it is, anything else as RFC 2047
 * encoded words (UTF-8, base64), and encoded words read back from what a
 * newsreader posts.
 */

/** Longest encoded word RFC 2047 allows. */
const MAX_WORD = 75;
const PREFIX = '=?UTF-8?B?';
const SUFFIX = '?=';
/** Base64 characters an encoded word has room for, a multiple of 4. */
const ROOM = Math.floor((MAX_WORD - PREFIX.length - SUFFIX.length) / 4) * 4;

/** `text` (one line, no control characters) ready for a header: unchanged when printable ASCII. */
export function encodeHeaderText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  // Characters are never split across words: each word decodes on its own.
  for (const ch of text) {
    const next = chunk + ch;
    if (Math.ceil(Buffer.byteLength(next) / 3) * 4 > ROOM) {
      words.push(encodeWord(chunk));
      chunk = ch;
    } else chunk = next;
  }
  if (chunk) words.push(encodeWord(chunk));
  return words.join(' ');
}

function encodeWord(text: string): string {
  return PREFIX + Buffer.from(text, 'utf8').toString('base64') + SUFFIX;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
/** Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2). */
const BETWEEN_WORDS = /(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g;

/** A header's text with its encoded words decoded; a word in an unknown charset stays as it was. */
export function decodeHeaderText(text: string): string {
  return text.replace(BETWEEN_WORDS, '$1').replace(ENCODED_WORD, (word: string, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : qBytes(data);
    // A word is any stretch of the text, so a U+FEFF at its start is a character, not a byte order mark.
    return decodeCharset(bytes, charset.replace(/\*.*$/, ''), { keepBom: true }) ?? word;
  });
}

/** Bytes in a named charset as text (a leading byte order mark dropped unless `keepBom`); null for a charset this runtime does not know. */
export function decodeCharset(bytes: Uint8Array, charset: string, opts: { keepBom?: boolean } = {}): string | null {
  try {
    return new TextDecoder(charset.toLowerCase(), { ignoreBOM: opts.keepBom ?? false }).decode(bytes);
  } catch {
    return null;
  }
}

/** The Q encoding: "_" is a space, =XX a byte. */
function qBytes(data: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    if (c === '_') out.push(0x20);
    else if (c === '=' && /^[0-9a-fA-F]{2}$/.test(data.slice(i + 1, i + 3))) {
      out.push(parseInt(data.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(out);
}
