/**
 * The caller's way back from another board: Ctrl-] then q (or Q), as the
 * telnet client has it. Ctrl-] twice sends one Ctrl-] through, and Ctrl-]
 * before any other key sends both, so the far board can still be given every
 * byte. A Ctrl-] that ends a read waits for the next one to know which it
 * is; everything before it passes on untouched.
 */

/** Ctrl-] (GS), the telnet client's escape character. */
const ESCAPE_KEY = 0x1d;
/** The escape sequence as the caller is told it. */
export const ESCAPE_KEYS_NAME = 'Ctrl-] then q';

const LOWER_Q = 0x71;
const UPPER_Q = 0x51;

interface Watched {
  /** The caller's bytes for the far end, the escape sequence (and anything after it) taken out. */
  pass: Buffer;
  /** The caller asked to come back. */
  escaped: boolean;
}

export class EscapeWatch {
  /** The last read ended in Ctrl-]. */
  private held = false;

  push(bytes: Uint8Array): Watched {
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    // Nearly every read holds no Ctrl-] at all: it passes as it came.
    if (!this.held && chunk.indexOf(ESCAPE_KEY) < 0) return { pass: chunk, escaped: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (!this.held) {
        if (b === ESCAPE_KEY) this.held = true;
        else out.push(b);
        continue;
      }
      this.held = false;
      if (b === LOWER_Q || b === UPPER_Q) return { pass: Buffer.from(out), escaped: true };
      out.push(ESCAPE_KEY);
      if (b !== ESCAPE_KEY) out.push(b);
    }
    return { pass: Buffer.from(out), escaped: false };
  }
}
