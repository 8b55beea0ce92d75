import { createHash } from 'node:crypto';

/** One rendered document, ready to send as it is, many times. */
export interface CachedFeed {
  readonly body: Buffer;
  /** A strong validator: the document's own hash, the same on every host that renders the same messages. */
  readonly etag: string;
  /** When this content was first rendered here; a rendering that comes out the same keeps the older date. */
  readonly lastModified: Date;
}

interface Entry {
  stamp: string;
  madeAt: number;
  feed: CachedFeed;
}

interface FeedCacheOptions {
  /** A document older than this is rendered again even if its stamp still holds (a renamed author, a moved thread). */
  ttlMs: number;
  /** Documents kept at most; the oldest goes first. Keys are area and format, so this is a backstop. */
  maxEntries: number;
  now?: () => number;
}

/**
 * Rendered feeds, so that readers polling an area cost one cheap look at the
 * area's totals instead of fifty messages read and written out. An entry
 * holds while the stamp it was made under (the area's count and newest id)
 * is the one asked for and it is younger than the TTL. Requests that miss at
 * the same time share one rendering.
 */
export class FeedCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedFeed>>();
  private readonly now: () => number;

  constructor(private readonly opts: FeedCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  get(key: string, stamp: string, render: () => Promise<string>): Promise<CachedFeed> {
    const entry = this.entries.get(key);
    if (entry && entry.stamp === stamp && this.now() - entry.madeAt < this.opts.ttlMs) return Promise.resolve(entry.feed);
    const waiting = this.pending.get(`${key}\n${stamp}`);
    if (waiting) return waiting;
    const made = this.make(key, stamp, render).finally(() => this.pending.delete(`${key}\n${stamp}`));
    this.pending.set(`${key}\n${stamp}`, made);
    return made;
  }

  private async make(key: string, stamp: string, render: () => Promise<string>): Promise<CachedFeed> {
    const body = Buffer.from(await render(), 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const before = this.entries.get(key)?.feed;
    const madeAt = this.now();
    // HTTP dates have whole seconds; a finer date would never compare equal to the one a reader sends back.
    const lastModified = before?.etag === etag ? before.lastModified : new Date(Math.floor(madeAt / 1000) * 1000);
    const feed: CachedFeed = { body, etag, lastModified };
    this.entries.delete(key);
    this.entries.set(key, { stamp, madeAt, feed });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.opts.maxEntries) break;
      this.entries.delete(oldest);
    }
    return feed;
  }
}
