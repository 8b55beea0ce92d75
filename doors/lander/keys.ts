/** A key press, as the game cares about it. */
export type Key = { kind: 'char'; ch: string } | { kind: 'enter' } | { kind: 'backspace' } | { kind: 'escape' } | { kind: 'interrupt' };

/**
 * Turns the bytes of a raw terminal into keys. Enter comes as CR, CR LF,
 * CR NUL or LF (telnet clients differ); arrow and function keys (ESC [ ...,
 * ESC O x) are dropped; an Escape alone at the end of a read is the Escape
 * key. Keeps one flag between reads, nothing else.
 */
export class KeyReader {
  private afterCr = false;

  read(bytes: Uint8Array): Key[] {
    const keys: Key[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const afterCr = this.afterCr;
      this.afterCr = b === 0x0d;
      if (afterCr && (b === 0x0a || b === 0x00)) continue;
      if (b === 0x1b) {
        i = skipSequence(bytes, i, keys);
      } else if (b === 0x0d || b === 0x0a) keys.push({ kind: 'enter' });
      else if (b === 0x08 || b === 0x7f) keys.push({ kind: 'backspace' });
      else if (b === 0x03) keys.push({ kind: 'interrupt' });
      else if (b >= 0x20 && b < 0x7f) keys.push({ kind: 'char', ch: String.fromCharCode(b) });
    }
    return keys;
  }
}

/** Index of the last byte of the escape sequence at `start`; a lone ESC pushes the Escape key. */
function skipSequence(bytes: Uint8Array, start: number, keys: Key[]): number {
  const next = bytes[start + 1];
  if (next === 0x5b /* [ */) {
    let i = start + 2;
    while (i < bytes.length && (bytes[i]! < 0x40 || bytes[i]! > 0x7e)) i++;
    return i;
  }
  if (next === 0x4f /* O */) return start + 2;
  keys.push({ kind: 'escape' });
  return start;
}
