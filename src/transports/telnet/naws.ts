/**
 * NAWS (RFC 1073): the client reports its window as IAC SB 31 w16 h16 IAC SE,
 * big-endian, 0 meaning unknown. The parser has already undone IAC doubling.
 */

export interface WindowSize {
  cols: number;
  rows: number;
}

/** The reported size, or null for anything that is not exactly four bytes (a short NAWS must not crash anyone). */
export function parseNaws(data: Uint8Array): WindowSize | null {
  if (data.length !== 4) return null;
  return { cols: (data[0]! << 8) | data[1]!, rows: (data[2]! << 8) | data[3]! };
}
