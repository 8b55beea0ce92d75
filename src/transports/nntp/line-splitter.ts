/** One line as it came off the wire, without its line end. */
export interface WireLine {
  /** The line's bytes; empty when it was too long. */
  readonly bytes: Buffer;
  /** The line went past the cap: its bytes were dropped up to its line end, and it must be refused. */
  readonly tooLong: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits NNTP's byte stream into lines. A line ends at LF; a CR just before
 * it belongs to the line end (RFC 3977 says CRLF, and some readers send a
 * bare LF). A line longer than `maxBytes` is not kept: what came of it is
 * dropped, the rest is skipped up to its LF, and it is given back once,
 * marked too long, so the reply can say so and the caller stays in step.
 * What is held between chunks is at most `maxBytes`.
 */
export class LineSplitter {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private skipping = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): WireLine[] {
    const lines: WireLine[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      if (!this.skipping) {
        const piece = chunk.subarray(start, end);
        // The CR of a CRLF may sit at the end of what is held, one byte past the cap.
        if (this.heldBytes + piece.length > this.maxBytes + 1) {
          this.held = [];
          this.heldBytes = 0;
          this.skipping = true;
        } else if (piece.length > 0) {
          this.held.push(piece);
          this.heldBytes += piece.length;
        }
      }
      if (lf === -1) break;
      lines.push(this.finish());
      start = lf + 1;
    }
    // A chunk's bytes are copied when kept across chunks, so the socket's buffer can go.
    if (this.held.length > 1 || (this.held.length === 1 && this.held[0]!.buffer === chunk.buffer)) this.held = [Buffer.concat(this.held)];
    return lines;
  }

  private finish(): WireLine {
    if (this.skipping) {
      this.skipping = false;
      return { bytes: Buffer.alloc(0), tooLong: true };
    }
    let line = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > this.maxBytes) return { bytes: Buffer.alloc(0), tooLong: true };
    return { bytes: line, tooLong: false };
  }
}
