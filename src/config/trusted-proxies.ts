import { isIPv4, isIPv6 } from 'node:net';

/** One address or block the board accepts a PROXY header from. */
export interface ProxyRange {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Leading bits that must match: 32 or 128 for a single address. */
  readonly prefix: number;
}

/**
 * `trustedProxies`: addresses and CIDR blocks, comma-separated (or a list in
 * the config file). Every entry that is not one is named in one message, so
 * a sysop fixes them all at once. Empty means nobody is trusted.
 */
export function parseTrustedProxies(value: unknown, fail: (message: string) => never): ProxyRange[] {
  const entries = entriesOf(value, fail);
  const ranges: ProxyRange[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const range = rangeOf(entry);
    if (range) ranges.push(range);
    else invalid.push(entry);
  }
  if (invalid.length > 0) {
    fail(`${invalid.map((e) => `'${e}'`).join(', ')} ${invalid.length === 1 ? 'is' : 'are'} not an address or CIDR block (10.0.0.5, 192.168.1.0/24, fd00::/8)`);
  }
  return ranges;
}

function entriesOf(value: unknown, fail: (message: string) => never): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') fail(`expected addresses or CIDR blocks, comma-separated, not ${JSON.stringify(item)}`);
    for (const part of item.split(',')) if (part.trim() !== '') out.push(part.trim());
  }
  return out;
}

function rangeOf(entry: string): ProxyRange | null {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry);
  if (!m) return null;
  const address = m[1]!;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  // A zone (fe80::1%eth0) names an interface, not a peer: the socket reports addresses without one.
  if (!family || address.includes('%')) return null;
  const bits = family === 'ipv4' ? 32 : 128;
  const prefix = m[2] === undefined ? bits : Number(m[2]);
  return prefix <= bits ? { address: address.toLowerCase(), family, prefix } : null;
}
