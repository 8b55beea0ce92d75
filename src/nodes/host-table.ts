import type { Heartbeat, HostListing, HostNode } from './bus-wire.js';

/** Another live host as its last heartbeat described it. */
export interface HostView {
  host: string;
  nodes: readonly HostNode[];
  listing: HostListing | null;
}

/** The most other hosts one board keeps track of; heartbeats from more are ignored, so the table stays bounded. */
const MAX_HOSTS = 256;

interface HostEntry {
  instance: string;
  count: number;
  nodes: readonly HostNode[];
  listing: HostListing | null;
  lastSeen: number;
}

/**
 * The other hosts of the board as their heartbeats tell them: alive, and
 * how many callers each has. A host whose heartbeat stops (killed, cut off)
 * is forgotten `forgetMs` after its last one, so it leaves no ghosts in the
 * count. Pure: the caller says what time it is.
 */
export class HostTable {
  private readonly hosts = new Map<string, HostEntry>();

  constructor(private readonly forgetMs: number) {}

  /** A heartbeat arrived; true when what the table says changed (a new host, a new count, a host gone). */
  heard(beat: Heartbeat, now: number): boolean {
    if (beat.bye) {
      // Only the instance that said hello may say goodbye: a stale bye from a previous start is not this one's.
      const known = this.hosts.get(beat.host);
      if (!known || known.instance !== beat.instance) return false;
      this.hosts.delete(beat.host);
      return true;
    }
    const known = this.hosts.get(beat.host);
    if (!known && this.hosts.size >= MAX_HOSTS) return false;
    this.hosts.set(beat.host, { instance: beat.instance, count: beat.count, nodes: beat.nodes ?? [], listing: beat.listing ?? null, lastSeen: now });
    return !known || known.count !== beat.count;
  }

  /** Forget hosts not heard from in time; true when any was forgotten. */
  prune(now: number): boolean {
    let changed = false;
    for (const [host, e] of this.hosts) {
      if (now - e.lastSeen > this.forgetMs) {
        this.hosts.delete(host);
        changed = true;
      }
    }
    return changed;
  }

  /** Callers on every host in the table. */
  count(): number {
    let n = 0;
    for (const e of this.hosts.values()) n += e.count;
    return n;
  }

  /** Every live host's nodes and numbers, by host id. */
  views(): HostView[] {
    return [...this.hosts].map(([host, e]) => ({ host, nodes: e.nodes, listing: e.listing })).sort((a, b) => a.host.localeCompare(b.host));
  }

  /** The hosts alive now, by id. */
  alive(): string[] {
    return [...this.hosts.keys()];
  }

  clear(): boolean {
    const had = this.hosts.size > 0;
    this.hosts.clear();
    return had;
  }
}
