/**
 * Mongrel2 told its protocols apart by the first byte of a connection, so the
 * original client and a browser can share one port. Pure, so every byte split
 * can be tested.
 */

export const POLICY_REQUEST = Buffer.from('<policy-file-request/>\0', 'latin1');

/**
 * `more`: not enough bytes to tell yet. `json`: a Mongrel2 JSON socket (`@`).
 * `policy`: the legacy Flash policy request. `http`: everything else, which the
 * HTTP parser accepts or answers with a 400.
 */
export type SniffResult = 'more' | 'json' | 'policy' | 'http';

export function sniffFirstBytes(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return 'more';
  if (bytes[0] === 0x40) return 'json';
  if (bytes[0] !== POLICY_REQUEST[0]) return 'http';
  const n = Math.min(bytes.length, POLICY_REQUEST.length);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== POLICY_REQUEST[i]) return 'http';
  }
  return n === POLICY_REQUEST.length ? 'policy' : 'more';
}
