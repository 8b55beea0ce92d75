import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { normalizeAddress } from '../limits/connection-limiter.js';
import { RefusalLog } from '../limits/refusal-log.js';
import { RefusedSockets } from '../limits/refused-sockets.js';
import { remoteOf, type ConnectionGate, type RunningListener, type TransportContext } from '../listener.js';
import { policyReply } from '../tcpjson/frame-codec.js';
import type { WebSocketTransport } from '../websocket/ws-transport.js';
import { refuseUpgrade } from '../websocket/refuse-upgrade.js';
import type { DirectoryInfo } from './directory.js';
import { refuseOnHttpPort } from './refuse-on-port.js';
import { createRequestHandler } from './routes.js';
import { sniffSocket } from './socket-sniffer.js';
import { defaultVendorRoot, loadStaticFiles } from './static-files.js';

export interface HttpPortOptions extends TransportContext {
  host: string;
  port: number;
  /** Folder holding index.html, modem.js, modem.css, favicon.svg. */
  webRoot: string;
  /** The phone book served at GET /directory; called per request. */
  directory: () => DirectoryInfo;
  /** Takes over a connection whose first byte is `@`; must attach its listeners before returning. */
  jsonSocket: (socket: Socket, firstBytes: Buffer) => void;
  /**
   * Admits every connection to this port (per address and in total), as the
   * other ports do: a socket is counted from accept, before anyone knows
   * whether it is a page load, a WebSocket or a JSON socket, so one address
   * cannot fill the port with half-sent requests.
   */
  limiter: ConnectionGate;
  /** Every line is taken (on `node` when the tab dialled one): WebSocket callers get the busy signal. */
  isBusy?: (node?: number) => boolean;
  /** A WebSocket caller was given the busy signal (for the call log). */
  onBusy?: (caller: { transport: string; remote: string }) => void;
  /** node_modules folder holding @xterm; found from this package by default. */
  vendorRoot?: string;
  /** Default `/ws`. */
  wsPath?: string;
  /** Extra origins allowed to open the WebSocket (e.g. behind a proxy with another name). */
  allowedOrigins?: readonly string[];
  /** WebSocket keep-alive; default 30 s. */
  pingIntervalMs?: number;
  /** Largest WebSocket frame from a browser; default 4 KiB. */
  maxPayload?: number;
  /** Dial this long after the upgrade if no resize came; default 300 ms. */
  dialDelayMs?: number;
  /** A browser caller with this much unsent output is dropped; default 1 MiB. */
  maxBufferedBytes?: number;
  /** A connection that sends nothing this long is closed; default 10 s. */
  firstByteTimeoutMs?: number;
  /** An HTTP connection idle this long is closed; default 30 s. */
  idleTimeoutMs?: number;
  /** All request headers must arrive within this; default 10 s. */
  headersTimeoutMs?: number;
  /** Open sockets on this port, all protocols together; default 4000. */
  maxSockets?: number;
  /** On close, connections still open after this are cut; default 3 s. */
  closeGraceMs?: number;
  /** How the WebSocket transport (and ws with it) is loaded on the first upgrade; tests slow it down or make it fail. */
  loadWebSocket?: () => Promise<typeof import('../websocket/ws-transport.js')>;
}

export interface HttpListener extends RunningListener {
  /** Where the WebSocket lives on this port, for the directory. */
  readonly wsPath: string;
}

/**
 * One port for every wire that starts with bytes from the caller, as Mongrel2
 * did: HTTP (the page, the directory, the WebSocket) and the JSON socket of the
 * original client, told apart by the first byte.
 */
export async function startHttp(opts: HttpPortOptions): Promise<HttpListener> {
  const log = opts.log.child({ transport: 'http' });
  const files = await loadStaticFiles(opts.webRoot, opts.vendorRoot ?? defaultVendorRoot());
  const wsPath = opts.wsPath ?? '/ws';
  const headersTimeout = opts.headersTimeoutMs ?? 10_000;
  const sockets = new Set<Socket>();
  const refused = new RefusedSockets();
  const refusals = new RefusalLog(log);

  // The WebSocket side (ws, and Node's TLS and zlib under it: megabytes) is
  // loaded with the first upgrade, not at start. Upgrades that come meanwhile
  // wait for it, their sockets unread; if it cannot load they get a 503 and
  // the next upgrade tries again.
  let ws: WebSocketTransport | null = null;
  let loading: Promise<WebSocketTransport> | null = null;
  let closing: Promise<void> | undefined;
  const webSocket = (): Promise<WebSocketTransport> =>
    (loading ??= (opts.loadWebSocket ?? (() => import('../websocket/ws-transport.js')))()
      .then((mod) =>
        mod.createWebSocketTransport({
          exchange: opts.exchange,
          log: opts.log,
          // Read per call, so a directory that lists this very listener can be wired before it exists.
          board: () => opts.directory().board,
          // No gate of its own: the socket was counted when this port accepted it.
          path: wsPath,
          allowedOrigins: opts.allowedOrigins,
          pingIntervalMs: opts.pingIntervalMs,
          maxPayload: opts.maxPayload,
          dialDelayMs: opts.dialDelayMs,
          maxBufferedBytes: opts.maxBufferedBytes,
          isBusy: opts.isBusy,
          onBusy: opts.onBusy,
        }),
      )
      .then(
        (made) => (ws = made),
        (err: unknown) => {
          loading = null;
          throw err;
        },
      ));
  const upgrade = (transport: WebSocketTransport, req: http.IncomingMessage, socket: Socket, head: Buffer): void => {
    if (transport.matches(req)) transport.handleUpgrade(req, socket, head);
    else refuseUpgrade(socket, 404, 'Not found.');
  };

  const web = http.createServer(
    {
      headersTimeout,
      requestTimeout: headersTimeout * 3,
      keepAliveTimeout: 5_000,
      maxHeaderSize: 8 * 1024,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 4)),
    },
    createRequestHandler({ files, directory: opts.directory, wsPath, log }),
  );
  web.timeout = opts.idleTimeoutMs ?? 30_000;
  web.maxHeadersCount = 50;
  web.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    if (ws) return upgrade(ws, req, socket, head);
    // As the WebSocket transport says it once it is running.
    if (closing) return refuseUpgrade(socket, 503, 'The board is shutting down.');
    webSocket().then(
      (transport) => {
        // A caller who hung up while it loaded is not placed (its gate slot would never be given back).
        if (!socket.destroyed) upgrade(transport, req, socket, head);
      },
      (err: unknown) => {
        log.error('websocket transport could not start', { err, remote: remoteOf(socket) });
        refuseUpgrade(socket, 503, 'Browser calls are not available right now. Please try again later.');
      },
    );
  });
  web.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  // The HTTP server never listens itself (the sniffing server hands it sockets), but
  // its header and request deadlines run on connection tracking that starts on 'listening'.
  web.emit('listening');

  const server = net.createServer((socket) => {
    socket.on('error', (err) => log.debug('socket error', { remote: remoteOf(socket), err: err.message }));
    const remote = normalizeAddress(remoteOf(socket));
    const lease = opts.limiter.tryAcquire(remote);
    if (!lease.ok) {
      refusals.note(remote, lease.reason);
      refuseOnHttpPort(socket, lease.reason, refused);
      return;
    }
    sockets.add(socket);
    // One lease for the socket's whole life, whatever it turns out to carry.
    socket.once('close', () => {
      sockets.delete(socket);
      lease.release();
    });
    sniffSocket(socket, opts.firstByteTimeoutMs ?? 10_000, (kind, firstBytes) => {
      if (kind === 'policy') {
        socket.end(policyReply(), () => socket.destroy());
      } else if (kind === 'json') {
        handOffJson(socket, firstBytes);
      } else {
        // Hand the bytes back and let the HTTP parser read them as if nothing happened.
        socket.pause();
        socket.unshift(firstBytes);
        web.emit('connection', socket);
        socket.resume();
      }
    });
  });
  const handOffJson = (socket: Socket, firstBytes: Buffer): void => {
    try {
      opts.jsonSocket(socket, firstBytes);
    } catch (err) {
      log.error('json socket hand-off failed', { remote: remoteOf(socket), err });
      socket.destroy();
    }
  };

  // A last backstop below the gate's total (refused sockets in their grace count here too); dropped unanswered by Node.
  server.maxConnections = opts.maxSockets ?? 4000;
  server.on('drop', (info) => refusals.note(info?.remoteAddress ?? 'unknown', 'too many sockets on this port'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error('listener error', { err }));

  const listener: HttpListener = {
    transport: 'http',
    address: server.address() as AddressInfo,
    wsPath,
    close() {
      closing ??= (async () => {
        const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        refused.closeAll();
        refusals.close();
        const transport = ws ?? (await loading?.catch(() => null));
        await transport?.close();
        // Ends idle keep-alive connections and the header-deadline timer; busy ones finish or get cut below.
        web.close();
        const cut = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, opts.closeGraceMs ?? 3_000);
        await allClosed;
        clearTimeout(cut);
      })();
      return closing;
    },
  };
  return listener;
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
