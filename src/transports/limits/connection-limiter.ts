import type { ConnectionGate } from '../listener.js';

/**
 * Caps on simultaneous connections, per remote address and in total, shared
 * by every transport. The process has a 20,000 descriptor limit; past it the
 * listener dies with EMFILE, so callers are refused politely well before.
 */

export interface ConnectionLimiterOptions {
  /** Connections one address may hold at once. */
  perAddress?: number;
  /** Connections the whole process holds at once, all transports together. */
  total?: number;
}

export type Lease = { ok: true; release(): void } | { ok: false; reason: string };

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
    return this.byAddress.get(normalizeAddress(remote)) ?? 0;
  }

  tryAcquire(remote: string): Lease {
    const address = normalizeAddress(remote);
    if (this.count >= this.total) return { ok: false, reason: 'The board is full right now. Please call again later.' };
    const held = this.byAddress.get(address) ?? 0;
    if (held >= this.perAddress)
      return { ok: false, reason: `Too many connections from your address (limit ${this.perAddress}). Close one and call again.` };
    this.byAddress.set(address, held + 1);
    this.count++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.count--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        // Drop the entry, so the map only ever holds addresses that are connected now.
        if (left <= 0) this.byAddress.delete(address);
        else this.byAddress.set(address, left);
      },
    };
  }
}

/** One key per host: an IPv4 caller on a dual-stack socket shows up as ::ffff:a.b.c.d. */
export function normalizeAddress(remote: string): string {
  const r = remote.trim().toLowerCase();
  return r.startsWith('::ffff:') && r.includes('.') ? r.slice(7) : r;
}

function positive(n: number | undefined, fallback: number): number {
  return n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}
