/**
 * The "time is nearly up" line a door's caller sees over the door's own
 * screen: written on the bottom row between the door's own writes, with the
 * door's cursor and colour saved and restored around it (ESC 7 / ESC 8), so
 * the door goes on drawing where it was.
 */

const ESC = '\x1b';

/** "One minute left in this door", "2 minutes left...", "30 seconds left...". */
export function timeLeftText(ms: number): string {
  const [count, unit] = ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${count === 1 ? 'One' : count} ${unit}${count === 1 ? '' : 's'} left in this door`;
}

/** The bytes of the warning for a screen of `rows` rows. */
export function warningBytes(rows: number, text: string): Buffer {
  const row = Math.max(1, Math.floor(rows));
  return Buffer.from(`${ESC}7${ESC}[${row};1H${ESC}[0;1;37;41m ${text} ${ESC}8`, 'latin1');
}

/**
 * Whether `bytes`, the door's output so far, ends between two of its
 * writes to the screen: not half-way through an escape sequence or a UTF-8
 * character, where a line put in between would garble both. Looks only at
 * the tail (and at UTF-8 only for a `utf8` door: CP437 bytes are whole
 * characters); an escape sequence longer than that (a long window title) is
 * taken as ended.
 */
export function endsCleanly(bytes: Uint8Array, utf8: boolean): boolean {
  return !(utf8 && endsInsideUtf8(bytes)) && !endsInsideEscape(bytes);
}

const TAIL = 32;

function endsInsideEscape(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - TAIL);
  const esc = bytes.lastIndexOf(0x1b, bytes.length - 1);
  if (esc < from) return false;
  const rest = bytes.subarray(esc + 1);
  if (rest.length === 0) return true;
  const kind = rest[0]!;
  // OSC, DCS, APC, PM, SOS: open until BEL or ESC \ (an ESC after this one would have been found first).
  if (kind === 0x5d || kind === 0x50 || kind === 0x5f || kind === 0x5e || kind === 0x58) return !rest.includes(0x07);
  // CSI: parameter and intermediate bytes until a final byte.
  if (kind === 0x5b) return !rest.subarray(1).some((b) => b >= 0x40 && b <= 0x7e);
  // ESC ( B and the like: intermediates until a final byte.
  if (kind >= 0x20 && kind <= 0x2f) return !rest.subarray(1).some((b) => b >= 0x30 && b <= 0x7e);
  return false;
}

function endsInsideUtf8(bytes: Uint8Array): boolean {
  // Walk back over at most three continuation bytes to the lead byte.
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > back;
  }
  return false;
}
