import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../logger.js';
import { remoteOf, type ConnectionGate, type TransportContext } from '../listener.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { parseNodeParam } from './ws-frames.js';
import { isOriginAllowed } from './ws-origin.js';
import { WsCall } from './ws-call.js';

export interface WebSocketTransportOptions extends TransportContext {
  /** The board's name for the page's title; read when a call is placed. */
  board: string | (() => string);
  /**
   * Admission per address and in total, shared with the other transports.
   * Left out where the port in front already counted the socket (the board's
   * HTTP port does): one socket must not take two places.
   */
  limiter?: ConnectionGate;
  /** Request path that upgrades; default `/ws`. */
  path?: string;
  /** Origins allowed besides the page's own host, e.g. `https://bbs.example.org`. */
  allowedOrigins?: readonly string[];
  /** Largest frame a browser may send; keystrokes and resizes are tiny. Default 4 KiB. */
  maxPayload?: number;
  /** Ping every tab this often; a tab that misses one pong is dropped. Default 30 s. */
  pingIntervalMs?: number;
  /** Dial this long after the upgrade if no resize arrives first. Default 300 ms. */
  dialDelayMs?: number;
  /** Stop reading keystrokes past this much unsent output. Default 64 KiB. */
  highWaterBytes?: number;
  /** Drop a caller past this much unsent output. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Every line is taken (on `node` when the tab dialled one): answer with a busy signal instead of dialing. */
  isBusy?: (node?: number) => boolean;
  /** A caller was given the busy signal without reaching a node (for the call log). */
  onBusy?: (caller: { transport: string; remote: string }) => void;
}

export interface WebSocketTransport {
  readonly path: string;
  /** Open calls right now. */
  readonly callCount: number;
  /** Whether this request is for us (by path). */
  matches(req: IncomingMessage): boolean;
  /** Take over an HTTP `upgrade` (`?node=N` dials one node): refuse with 400/403/404/503 or place a call. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Say goodbye to every tab and resolve when all are gone. */
  close(): Promise<void>;
}

export function createWebSocketTransport(opts: WebSocketTransportOptions): WebSocketTransport {
  const path = opts.path ?? '/ws';
  const log = opts.log.child({ transport: 'websocket' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 4096, clientTracking: false, perMessageDeflate: false });
  const calls = new Set<WsCall>();
  let closing = false;
  let drained: (() => void) | undefined;

  const timer = setInterval(() => {
    for (const call of calls) call.heartbeat();
  }, opts.pingIntervalMs ?? 30_000);
  timer.unref();

  const matches = (req: IncomingMessage): boolean => pathOf(req.url) === path;
  const shared = sharedCallOptions(opts, log);

  return {
    path,
    get callCount() {
      return calls.size;
    },
    matches,
    handleUpgrade(req, socket, head) {
      const remote = remoteOf(req.socket);
      socket.on('error', (err) => log.debug('upgrade socket error', { remote, err: err.message }));
      if (closing) return refuseUpgrade(socket, 503, 'The board is shutting down.');
      if (!matches(req)) return refuseUpgrade(socket, 404, 'Not found.');
      const node = vetUpgrade(req, socket, remote, opts, log);
      if (node === null) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // After a protocol error (a message over the size limit) ws answers with its close code and
        // then drains the socket to the end; a peer still pushing a huge message would make the
        // board read and throw away all of it. Stop reading instead: the close code is on its way,
        // and the call line cuts the socket after its grace period.
        ws.once('error', () => setImmediate(() => socket.pause()));
        const call: WsCall = new WsCall(ws, {
          ...shared,
          remote,
          node: node.node,
          onClosed: () => {
            calls.delete(call);
            if (calls.size === 0) drained?.();
          },
        });
        calls.add(call);
        if (closing) call.shutdown();
      });
    },
    close() {
      closing = true;
      clearInterval(timer);
      const done = new Promise<void>((resolve) => {
        drained = resolve;
        if (calls.size === 0) resolve();
      });
      for (const call of calls) call.shutdown();
      return done.then(() => {
        wss.close();
      });
    },
  };
}

/** What every call on this transport is given alike, with the defaults filled in. */
function sharedCallOptions(opts: WebSocketTransportOptions, log: Logger) {
  const board = opts.board;
  return {
    exchange: opts.exchange,
    log,
    board: typeof board === 'string' ? () => board : board,
    dialDelayMs: opts.dialDelayMs ?? 300,
    highWaterBytes: opts.highWaterBytes ?? 64 * 1024,
    maxBufferedBytes: opts.maxBufferedBytes ?? 1024 * 1024,
    isBusy: opts.isBusy,
    onBusy: opts.onBusy,
  };
}

/**
 * An upgrade on our path, checked before ws spends a handshake on it: an
 * allowed origin, a well-formed `?node=`, and a place at the gate (held until
 * the socket closes, so a handshake ws rejects still gives it back). The node
 * asked for, or null once the upgrade is refused.
 */
function vetUpgrade(req: IncomingMessage, socket: Duplex, remote: string, opts: WebSocketTransportOptions, log: Logger): { node?: number } | null {
  if (!isOriginAllowed(req.headers.origin, req.headers.host, opts.allowedOrigins)) {
    log.warn('websocket origin refused', { remote, origin: req.headers.origin, host: req.headers.host });
    refuseUpgrade(socket, 403, 'Cross-origin WebSocket refused.');
    return null;
  }
  const target = parseNodeParam(req.url);
  if (!target.ok) {
    refuseUpgrade(socket, 400, target.error);
    return null;
  }
  const slot = opts.limiter ? opts.limiter.tryAcquire(remote) : { ok: true as const, release: () => {} };
  if (!slot.ok) {
    log.info('websocket refused', { remote, reason: slot.reason });
    refuseUpgrade(socket, 503, slot.reason);
    return null;
  }
  socket.once('close', () => slot.release());
  return { node: target.node };
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
