import { decodeCp437Input } from '../screens/cp437.js';

/**
 * A door's terminal output as plain text for a line-only client: decoded
 * (UTF-8 or CP437), ANSI escape sequences taken out, CR LF made LF and
 * other control bytes dropped. Output arrives in pieces that may cut an
 * escape sequence, a character or a CR LF in two; such a cut-off end waits
 * for the next piece.
 */

// CSI; OSC to BEL or ESC \; DCS, SOS, PM, APC to ESC \; any other ESC with its intermediates and final byte (never one that opens the kinds before).
const SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -/]*[0-OQ-WYZ\\`-~])/g;
const WHOLE_SEQUENCE_AT_START = new RegExp(`^(?:${SEQUENCE.source})`);
/** A cut-off sequence longer than this is not waited for: it was never going to end. */
const MAX_WAIT = 512;

export class LineText {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly encoding: 'utf8' | 'cp437') {}

  push(bytes: Uint8Array): void {
    this.pending += this.encoding === 'utf8' ? this.decoder.decode(bytes, { stream: true }) : decodeCp437Input(bytes);
  }

  /** Decoded characters waiting to be taken. */
  get length(): number {
    return this.pending.length;
  }

  /** The plain text so far; `all`: also a cut-off end (the door has ended). */
  take(all = false): string {
    const cut = all ? this.pending.length : this.cutOffAt();
    const ready = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    return plain(ready);
  }

  /** Where a cut-off end starts: an escape sequence without its end, or a CR that may be half of CR LF. */
  private cutOffAt(): number {
    const text = this.pending;
    const esc = text.lastIndexOf('\x1b');
    if (esc >= 0 && text.length - esc <= MAX_WAIT && !WHOLE_SEQUENCE_AT_START.test(text.slice(esc))) return esc;
    return text.endsWith('\r') ? text.length - 1 : text.length;
  }
}

function plain(text: string): string {
  return text
    .replace(SEQUENCE, '')
    // What is left of a sequence cut off by the door's end: its introducer and parameters.
    .replace(/\x1b[[\]PX^_]?[ -?]*/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
