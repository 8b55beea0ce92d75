/**
 * What a far board said before it hung up on a caller who had typed nothing:
 * usually a busy signal. Kept as a bounded tail of its output, read as plain
 * ASCII (escapes, controls and 8-bit bytes dropped), since it becomes the
 * one line the caller is told and the sysop's log shows.
 */

/** Enough for a busy screen's last lines; older output is let go. */
const TAIL_BYTES = 1024;
/** The longest line a note quotes. */
const MAX_WORDS = 120;

export class LastWords {
  private tail = Buffer.alloc(0);

  hear(bytes: Uint8Array): void {
    if (bytes.length >= TAIL_BYTES) {
      this.tail = Buffer.from(bytes.subarray(bytes.length - TAIL_BYTES));
      return;
    }
    const joined = Buffer.concat([this.tail, bytes]);
    this.tail = joined.length > TAIL_BYTES ? joined.subarray(joined.length - TAIL_BYTES) : joined;
  }

  /** The line that says "busy", else the last line with words in it; '' when there is none. */
  said(): string {
    const text = this.tail
      .toString('latin1')
      // CSI and other ESC sequences first, so their parameters do not read as words.
      .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
      .replace(/\x1b[@-_]?/g, '');
    const lines = text
      .split(/[\r\n]+/)
      .map((l) => l.replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, ' ').trim())
      .filter((l) => /[A-Za-z0-9]/.test(l));
    const line = lines.find((l) => /busy/i.test(l)) ?? lines[lines.length - 1] ?? '';
    return line.length > MAX_WORDS ? `${line.slice(0, MAX_WORDS - 3)}...` : line;
  }
}
