import http from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import type { DirectoryInfo } from './directory.js';
import type { DownloadSource } from './download-route.js';
import type { FeedSource } from './feed-route.js';
import type { ReaderSource } from './reader/reader-route.js';
import { createRequestHandler } from './routes.js';
import type { StaticFile } from './static-files.js';

interface WebServerOptions {
  files: ReadonlyMap<string, StaticFile>;
  directory: () => DirectoryInfo;
  wsPath: string;
  log: Logger;
  downloads?: DownloadSource;
  feeds?: FeedSource;
  reader?: ReaderSource;
  /** All request headers must arrive within this. */
  headersTimeoutMs: number;
  /** An HTTP connection idle this long is closed. */
  idleTimeoutMs: number;
  onUpgrade: (req: http.IncomingMessage, socket: Socket, head: Buffer) => void;
}

/**
 * The HTTP side of the port, with limits for peers that send slowly or too
 * much. It never listens itself: the sniffing server hands it the sockets
 * that turned out to carry HTTP.
 */
export function createWebServer(opts: WebServerOptions): http.Server {
  const { headersTimeoutMs } = opts;
  const web = http.createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: headersTimeoutMs * 3,
      keepAliveTimeout: 5_000,
      maxHeaderSize: 8 * 1024,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeoutMs / 4)),
    },
    createRequestHandler({ files: opts.files, directory: opts.directory, wsPath: opts.wsPath, log: opts.log, downloads: opts.downloads, feeds: opts.feeds, reader: opts.reader }),
  );
  web.timeout = opts.idleTimeoutMs;
  web.maxHeadersCount = 50;
  web.on('upgrade', opts.onUpgrade);
  web.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  // Its header and request deadlines run on connection tracking that starts on 'listening'.
  web.emit('listening');
  return web;
}

/** Bytes that are not HTTP get a short plain answer and a hang-up, never an exception. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, text] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout']
        : [400, 'Bad Request'];
  const body = `${text}.\n`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
