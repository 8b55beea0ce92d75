import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AreaSetting } from '../../config/settings.js';
import { FeedCache, type CachedFeed } from '../../feeds/feed-cache.js';
import type { FeedFormat } from '../../feeds/feed-document.js';
import type { Logger } from '../../logger.js';
import { isPublicArea } from '../../rules/area-access.js';
import type { Store } from '../../store/types.js';
import { groupPrefix, NewsNames } from '../nntp/news-names.js';
import { noneMatch } from './download-route.js';

/** What the web port needs to serve the feeds of the public areas. */
export interface FeedSource {
  store: Pick<Store, 'publicMessages'>;
  areas: readonly AreaSetting[];
  /** The board's name, for the feeds' titles and their ids' tagging name. */
  board: string;
  /** The board's web address (`web.url`, or this port's), which every link in a feed starts with. */
  webBase: () => string | null;
  log: Logger;
}

/** Messages in a feed: the newest ones. */
const FEED_ENTRIES = 50;
/** How long a reader (or a proxy) may keep a feed without asking, and how long a rendering is trusted without a new message. */
const MAX_AGE_S = 60;
const CONTENT_TYPE: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};
/** Area names as the config allows them, then the format. */
const FEED_PATH = /^\/feeds\/([a-z0-9_-]{1,64})\.(atom|rss)$/;

/**
 * `/feeds/AREA.atom` and `/feeds/AREA.rss` for every area a guest may read.
 * A closed area, an unknown one and a malformed path get the very same 404
 * as any unknown address, so the feeds do not tell which areas exist.
 */
export class FeedRoute {
  private readonly cache = new FeedCache({ ttlMs: MAX_AGE_S * 1000, maxEntries: 512 });
  private readonly site: string;

  constructor(private readonly source: FeedSource) {
    this.site = new NewsNames(groupPrefix(source.board)).site;
  }

  /** Answers GET and HEAD; a failure inside is one log line and a 500, never a thrown error. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    this.answer(req, res, pathname).catch((err: unknown) => {
      this.source.log.error('feed failed', { path: pathname, err });
      if (!res.headersSent) text(res, 500, 'The feed could not be made. The sysop has been told.');
      else res.destroy();
    });
  }

  private async answer(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const m = FEED_PATH.exec(pathname);
    const area = m ? this.source.areas.find((a) => a.name === m[1] && isPublicArea(a)) : undefined;
    const base = this.source.webBase();
    if (!m || !area || base === null) return text(res, 404, 'Not found.');
    const format = m[2] as FeedFormat;
    const feed = await this.feedOf(area, format, base.replace(/\/+$/, ''));
    res.setHeader('Content-Type', CONTENT_TYPE[format]);
    res.setHeader('Cache-Control', `public, max-age=${MAX_AGE_S}`);
    res.setHeader('ETag', feed.etag);
    res.setHeader('Last-Modified', feed.lastModified.toUTCString());
    if (notModified(req, feed)) {
      res.statusCode = 304;
      return void res.end();
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', feed.body.length);
    res.end(req.method === 'HEAD' ? undefined : feed.body);
  }

  /** The cached document while the area's count and newest message are the same; else a fresh one. */
  private async feedOf(area: AreaSetting, format: FeedFormat, base: string): Promise<CachedFeed> {
    const { publicMessages } = this.source.store;
    const summary = (await publicMessages.areas()).find((s) => s.area === area.name);
    const stamp = `${summary?.count ?? 0}:${summary?.lastId ?? 0}:${base}`;
    return this.cache.get(`${area.name}.${format}`, stamp, async () => {
      const messages = summary ? await publicMessages.listInAreaNewestFirst(area.name, FEED_ENTRIES) : [];
      // Loaded with the first feed asked for: the feed writer and its XML library are memory an idle board need not hold.
      const { feedDocument } = await import('../../feeds/feed-document.js');
      return feedDocument(format, { name: this.source.board, site: this.site, base }, area, messages);
    });
  }
}

/** If-None-Match wins when it is there (RFC 9110 13.2.2); If-Modified-Since is read only without it. */
function notModified(req: IncomingMessage, feed: CachedFeed): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return noneMatch(inm, feed.etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(since) && feed.lastModified.getTime() <= since;
}

/** The same plain answer routes.ts gives an unknown address, so a closed area's 404 cannot be told from it. */
function text(res: ServerResponse, status: number, body: string): void {
  const bytes = Buffer.from(body + '\n', 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
