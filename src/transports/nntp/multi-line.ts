/**
 * NNTP's multi-line blocks (RFC 3977 section 3.1.1): lines end in CRLF, a
 * line starting with "." gets one more in front, and a lone "." ends the
 * block.
 */

/** What ends a block. */
export const BLOCK_END = '.\r\n';

/** Lines of a block (none holding CR or LF), stuffed, without the terminator: a long block goes out a page at a time. */
export function stuffLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) out += (line.startsWith('.') ? '.' : '') + line + '\r\n';
  return out;
}

/** The whole block for `lines`, terminator included. */
export function encodeBlock(lines: readonly string[]): string {
  return stuffLines(lines) + BLOCK_END;
}

const DOT = 0x2e;

/** Whether this line (without its line end) closes a block. */
export function endsBlock(line: Buffer): boolean {
  return line.length === 1 && line[0] === DOT;
}

/** A line of a block as the sender meant it: one leading dot of a stuffed line taken off. */
export function unstuff(line: Buffer): Buffer {
  return line.length > 0 && line[0] === DOT ? line.subarray(1) : line;
}
