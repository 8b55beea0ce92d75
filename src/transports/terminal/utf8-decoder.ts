/**
 * A byte-at-a-time UTF-8 decoder with a few bytes of state, so a character
 * split across two reads decodes whole and the caller can stop between any
 * two bytes (a line ends, the rest waits raw for the next prompt).
 * Follows the WHATWG decoder's rules (no overlong forms, no surrogates), but
 * drops malformed input instead of yielding U+FFFD: a keystroke that is not
 * text has no business in a line.
 */

/** What `push` returns when no character is complete. */
export const NO_CHAR = -1;

export class Utf8Decoder {
  private codePoint = 0;
  private needed = 0;
  private lower = 0x80;
  private upper = 0xbf;

  /** Feed one byte; returns the code point it completes, or NO_CHAR. */
  push(byte: number): number {
    if (this.needed === 0) return this.start(byte);
    if (byte < this.lower || byte > this.upper) {
      // The broken sequence is dropped; this byte may still begin a new one.
      this.reset();
      return this.start(byte);
    }
    this.lower = 0x80;
    this.upper = 0xbf;
    this.codePoint = (this.codePoint << 6) | (byte & 0x3f);
    if (--this.needed > 0) return NO_CHAR;
    const cp = this.codePoint;
    this.codePoint = 0;
    return cp;
  }

  reset(): void {
    this.codePoint = 0;
    this.needed = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  private start(byte: number): number {
    if (byte < 0x80) return byte;
    if (byte >= 0xc2 && byte <= 0xdf) {
      this.needed = 1;
      this.codePoint = byte & 0x1f;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      if (byte === 0xe0) this.lower = 0xa0;
      if (byte === 0xed) this.upper = 0x9f;
      this.needed = 2;
      this.codePoint = byte & 0x0f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      if (byte === 0xf0) this.lower = 0x90;
      if (byte === 0xf4) this.upper = 0x8f;
      this.needed = 3;
      this.codePoint = byte & 0x07;
    }
    return NO_CHAR;
  }
}
