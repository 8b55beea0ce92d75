import type { ConnectionGate } from '../listener.js';

/**
 * Caps on simultaneous connections, per remote address and in total, shared
 * by every transport. The process has a 20,000 descriptor limit; past it the
 * listener dies with EMFILE, so callers are refused politely well before.
 */

interface ConnectionLimiterOptions {
  /** Connections one address may hold at once. */
  perAddress?: number;
  /** Connections the whole process holds at once, all transports together. */
  total?: number;
}

type Lease = { ok: true; release(): void } | { ok: false; reason: string };

export const DEFAULT_PER_ADDRESS = 8;
export const DEFAULT_TOTAL = 2000;

export class ConnectionLimiter implements ConnectionGate {
  readonly perAddress: number;
  readonly total: number;
  private readonly byAddress = new Map<string, number>();
  private count = 0;

  constructor(opts: ConnectionLimiterOptions = {}) {
    this.perAddress = positive(opts.perAddress, DEFAULT_PER_ADDRESS);
    this.total = positive(opts.total, DEFAULT_TOTAL);
  }

  get active(): number {
    return this.count;
  }

  activeFor(remote: string): number {
    return this.byAddress.get(addressKey(remote)) ?? 0;
  }

  tryAcquire(remote: string): Lease {
    const address = addressKey(remote);
    if (this.count >= this.total) return { ok: false, reason: 'The board is full right now. Please call again later.' };
    const held = this.byAddress.get(address) ?? 0;
    if (held >= this.perAddress)
      return { ok: false, reason: `Too many connections from your address (limit ${this.perAddress}). Close one and call again.` };
    this.byAddress.set(address, held + 1);
    this.count++;
    return new HeldLease(this, address);
  }

  /** A lease on `address` was given back (once: the lease sees to that). */
  released(address: string): void {
    this.count--;
    const left = (this.byAddress.get(address) ?? 1) - 1;
    // Drop the entry, so the map only ever holds addresses that are connected now.
    if (left <= 0) this.byAddress.delete(address);
    else this.byAddress.set(address, left);
  }
}

/** One admitted connection's place under the caps: an object with a method, not a closure, as every open connection holds one. */
class HeldLease {
  private done = false;

  constructor(
    private readonly limiter: ConnectionLimiter,
    private readonly address: string,
  ) {}

  /** On the prototype, not a field: one field less in every open connection's lease. */
  get ok(): true {
    return true;
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.limiter.released(this.address);
  }
}

/** The address as logs show it: an IPv4 caller on a dual-stack socket shows up as ::ffff:a.b.c.d. */
export function normalizeAddress(remote: string): string {
  const r = remote.trim().toLowerCase();
  return r.startsWith('::ffff:') && r.includes('.') ? r.slice(7) : r;
}

/**
 * The unit the caps count: one IPv4 address, or one IPv6 /64. A single
 * subscriber is handed a whole /64 (or more), so counting IPv6 addresses one
 * by one would give one host 2^64 allowances. IPv4-mapped addresses, dotted or
 * hex, stay the IPv4 address. Anything unparseable counts as itself.
 */
export function addressKey(remote: string): string {
  const address = normalizeAddress(remote).replace(/%.*$/, '');
  if (!address.includes(':')) return address;
  const groups = expandIPv6(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${compressIPv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

/** Eight 16-bit groups, or null when this is no IPv6 address. */
function expandIPv6(address: string): number[] | null {
  let canonical: string;
  try {
    // The URL parser validates and rewrites an embedded dotted IPv4 tail as two hex groups.
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const [head, tail] = canonical.split('::') as [string, string | undefined];
  const parse = (part: string | undefined): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** Eight 16-bit groups as the URL parser writes them: lower case, the longest run of zeros as ::. */
export function compressIPv6(groups: number[]): string {
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname.slice(1, -1);
}

function positive(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}
