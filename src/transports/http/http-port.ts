import type http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import { RefusalLog } from '../limits/refusal-log.js';
import { RefusedSockets } from '../limits/refused-sockets.js';
import { ProxyFront } from '../proxy/proxy-front.js';
import { remoteOf, type ConnectionGate, type RunningListener, type TransportContext } from '../listener.js';
import { listen } from '../tcp-listener.js';
import { policyReply } from '../tcpjson/frame-codec.js';
import type { WebSocketTransport } from '../websocket/ws-transport.js';
import type { DirectoryInfo } from './directory.js';
import type { DownloadSource } from './download-route.js';
import type { FeedSource } from './feed-route.js';
import type { ReaderSource } from './reader/reader-route.js';
import { LazyWebSocket } from './lazy-web-socket.js';
import { refuseOnHttpPort } from './refuse-on-port.js';
import { sniffSocket } from './socket-sniffer.js';
import { defaultVendorRoot, loadStaticFiles } from './static-files.js';
import { createWebServer } from './web-server.js';

export interface HttpPortOptions extends TransportContext {
  host: string;
  port: number;
  /** Folder holding index.html, modem.js, modem.css, favicon.svg. */
  webRoot: string;
  /** The phone book served at GET /directory; called per request. */
  directory: () => DirectoryInfo;
  /** Serves signed download links from the file areas; without it `/files/` is not found. */
  downloads?: Omit<DownloadSource, 'log'>;
  /** Serves the public areas' feeds; without it `/feeds/` is not found. */
  feeds?: Omit<FeedSource, 'log'>;
  /** The web reader at `/read/`, with its login links and forms; without it those paths are not found. */
  reader?: Omit<ReaderSource, 'log'>;
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
  const refusals = new RefusalLog(log);
  const port: PortState = {
    sockets: new Set(),
    refused: new RefusedSockets(),
    refusals,
    front: new ProxyFront({ trusted: opts.trustedProxies ?? [], refusals }),
    closing: undefined,
  };
  const ws = new LazyWebSocket(webSocketMaker(opts, wsPath), log);
  const web = createWebServer({
    files,
    directory: opts.directory,
    wsPath,
    log,
    downloads: opts.downloads ? { ...opts.downloads, log: log.child({ part: 'downloads' }) } : undefined,
    feeds: opts.feeds ? { ...opts.feeds, log: log.child({ part: 'feeds' }) } : undefined,
    reader: opts.reader ? { ...opts.reader, log: log.child({ part: 'reader' }) } : undefined,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    idleTimeoutMs: opts.idleTimeoutMs ?? 30_000,
    onUpgrade: (req, socket, head) => ws.upgrade(req, socket, head, port.closing !== undefined),
  });
  const server = net.createServer((socket) => {
    socket.on('error', (err) => log.debug('socket error', { remote: remoteOf(socket), err: err.message }));
    // Counted by the caller the front names: behind a trusted balancer, the one its header gives.
    port.front.accept(socket, (remote) => admit(socket, remote, opts, port, log, web));
  });
  // A last backstop below the gate's total (refused sockets in their grace count here too); dropped unanswered by Node.
  server.maxConnections = opts.maxSockets ?? 4000;
  server.on('drop', (info) => port.refusals.note(info?.remoteAddress ?? 'unknown', 'too many sockets on this port'));
  await listen(server, opts.port, opts.host);
  server.on('error', (err) => log.error('listener error', { err }));
  return {
    transport: 'http',
    address: server.address() as AddressInfo,
    wsPath,
    close: () => (port.closing ??= closePort(server, web, ws, port, opts.closeGraceMs ?? 3_000)),
  };
}

/** What the port keeps about its sockets, shared by accepting and closing. */
interface PortState {
  /** Every admitted socket still open, whatever it carries. */
  readonly sockets: Set<Socket>;
  readonly refused: RefusedSockets;
  readonly refusals: RefusalLog;
  /** Learns the caller's address, from a trusted balancer's PROXY header when there is one. */
  readonly front: ProxyFront;
  /** Set once close() was called. */
  closing: Promise<void> | undefined;
}

/** How the WebSocket transport is made on the first upgrade, from this port's options. */
function webSocketMaker(opts: HttpPortOptions, wsPath: string): () => Promise<WebSocketTransport> {
  return () =>
    (opts.loadWebSocket ?? (() => import('../websocket/ws-transport.js')))().then((mod) =>
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
    );
}

/** A new socket whose caller is known: through the gate, then to whichever side its first bytes say it speaks. */
function admit(socket: Socket, remote: string, opts: HttpPortOptions, port: PortState, log: Logger, web: http.Server): void {
  const lease = opts.limiter.tryAcquire(remote);
  if (!lease.ok) {
    port.refusals.note(remote, lease.reason);
    refuseOnHttpPort(socket, lease.reason, port.refused);
    return;
  }
  port.sockets.add(socket);
  // One lease for the socket's whole life, whatever it turns out to carry.
  socket.once('close', () => {
    port.sockets.delete(socket);
    lease.release();
  });
  sniffSocket(socket, opts.firstByteTimeoutMs ?? 10_000, (kind, firstBytes) => {
    if (kind === 'policy') {
      socket.end(policyReply(), () => socket.destroy());
    } else if (kind === 'json') {
      handOffJson(socket, firstBytes, opts.jsonSocket, log);
    } else {
      // Hand the bytes back and let the HTTP parser read them as if nothing happened.
      socket.pause();
      socket.unshift(firstBytes);
      web.emit('connection', socket);
      socket.resume();
    }
  });
}

/** A JSON-socket caller goes to its transport; one that cannot take it costs that caller the line, not the port. */
function handOffJson(socket: Socket, firstBytes: Buffer, jsonSocket: HttpPortOptions['jsonSocket'], log: Logger): void {
  try {
    jsonSocket(socket, firstBytes);
  } catch (err) {
    log.error('json socket hand-off failed', { remote: remoteOf(socket), err });
    socket.destroy();
  }
}

/** Release the port, say goodbye to the browser tabs, end idle HTTP connections, and cut what is still open after the grace. */
async function closePort(server: net.Server, web: http.Server, ws: LazyWebSocket, port: PortState, graceMs: number): Promise<void> {
  const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  port.front.close();
  port.refused.closeAll();
  port.refusals.close();
  await ws.close();
  // Ends idle keep-alive connections and the header-deadline timer; busy ones finish or get cut below.
  web.close();
  const cut = setTimeout(() => {
    for (const s of port.sockets) s.destroy();
  }, graceMs);
  await allClosed;
  clearTimeout(cut);
}
