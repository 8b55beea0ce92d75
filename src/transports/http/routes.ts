import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../logger.js';
import type { DirectoryInfo } from './directory.js';
import { serveDownload, type DownloadSource } from './download-route.js';
import { FeedRoute, type FeedSource } from './feed-route.js';
import { isReaderPath } from './reader/reader-path.js';
import type { ReaderSource } from './reader/reader-route.js';
import { securityHeaders } from './security-headers.js';
import type { StaticFile } from './static-files.js';

interface RouteOptions {
  files: ReadonlyMap<string, StaticFile>;
  directory: () => DirectoryInfo;
  wsPath: string;
  log: Logger;
  /** Download links (`/files/TOKEN/NAME`); without it those paths are not found. */
  downloads?: DownloadSource;
  /** Feeds of the public areas (`/feeds/AREA.atom`, `.rss`); without it those paths are not found. */
  feeds?: FeedSource;
  /** The web reader (`/read/`, `/login/TOKEN`, `/logout`); without it those paths are not found. */
  reader?: ReaderSource;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The web reader's pages are loaded with the first of them asked for: an idle board need not hold them. */
function serveReaderLoaded(req: IncomingMessage, res: ServerResponse, pathname: string, reader: ReaderSource): void {
  import('./reader/reader-route.js').then(
    (m) => m.serveReader(req, res, pathname, reader),
    () => text(res, 500, 'The reader could not be loaded.'),
  );
}

/** Every route answers GET and HEAD only, but the web reader's, which takes its own forms. */
export function createRequestHandler(opts: RouteOptions): Handler {
  const feeds = opts.feeds && new FeedRoute(opts.feeds);
  return (req, res) => {
    const headers = securityHeaders(req.headers.host);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const pathname = pathOf(req.url);
    if (opts.reader && isReaderPath(pathname)) return serveReaderLoaded(req, res, pathname, opts.reader);
    const download = opts.downloads !== undefined && pathname.startsWith('/files/');
    const feed = feeds !== undefined && pathname.startsWith('/feeds/');
    const known = download || feed || pathname === '/directory' || pathname === '/healthz' || pathname === opts.wsPath || opts.files.has(pathname);
    if (!known) return text(res, 404, 'Not found.');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return text(res, 405, 'Method not allowed.');
    }
    if (download) return serveDownload(req, res, pathname, opts.downloads!);
    if (feed) return feeds.serve(req, res, pathname);
    if (pathname === '/healthz') return text(res, 200, 'ok', 'no-store');
    if (pathname === opts.wsPath) {
      res.setHeader('Upgrade', 'websocket');
      return text(res, 426, 'This address speaks WebSocket.');
    }
    if (pathname === '/directory') return directory(res, opts);
    const file = opts.files.get(pathname)!;
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', file.cacheControl);
    res.setHeader('ETag', file.etag);
    if (req.headers['if-none-match'] === file.etag) {
      res.statusCode = 304;
      return void res.end();
    }
    res.setHeader('Content-Length', file.body.length);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}

function directory(res: ServerResponse, opts: RouteOptions): void {
  let body: string;
  try {
    body = JSON.stringify(opts.directory());
  } catch (err) {
    opts.log.error('directory failed', { err });
    return text(res, 500, 'Directory unavailable.');
  }
  res.setHeader('Cache-Control', 'no-store');
  send(res, 200, 'application/json; charset=utf-8', body);
}

function text(res: ServerResponse, status: number, body: string, cache?: string): void {
  if (cache) res.setHeader('Cache-Control', cache);
  send(res, status, 'text/plain; charset=utf-8', body + '\n');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

/** The path part of a request target; an absolute-form target is reduced to its path. */
export function pathOf(url: string | undefined): string {
  if (!url) return '';
  let target = url;
  if (!target.startsWith('/')) {
    try {
      target = new URL(target).pathname;
    } catch {
      return '';
    }
  }
  const q = target.search(/[?#]/);
  return q === -1 ? target : target.slice(0, q);
}
