import { BlockList, isIPv4 } from 'node:net';
import type { ProxyRange } from '../../config/trusted-proxies.js';
import { normalizeAddress } from '../limits/connection-limiter.js';

/** Whether a peer's address is one of the trusted load balancers; with no ranges, nobody is. */
export type ProxyMatcher = (address: string) => boolean;

export function proxyMatcher(ranges: readonly ProxyRange[]): ProxyMatcher {
  if (ranges.length === 0) return () => false;
  const list = new BlockList();
  for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family);
  return (address) => {
    // A dual-stack listener reports an IPv4 peer as ::ffff:a.b.c.d; the ranges name it dotted.
    const plain = normalizeAddress(address).replace(/%.*$/, '');
    try {
      return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
    } catch {
      // Not an address at all ('unknown' from a socket already gone): not a trusted one.
      return false;
    }
  };
}
