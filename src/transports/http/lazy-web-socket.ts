import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../../logger.js';
import { remoteOf } from '../listener.js';
import type { WebSocketTransport } from '../websocket/ws-transport.js';
import { refuseUpgrade } from '../websocket/refuse-upgrade.js';

/**
 * The HTTP port's WebSocket side, made on the first upgrade: ws, and Node's
 * TLS and zlib under it, are megabytes a board without browser callers never
 * needs. Upgrades that come while it loads wait for it, their sockets unread;
 * if it cannot load they get a 503 and the next upgrade tries again.
 */
export class LazyWebSocket {
  private ws: WebSocketTransport | null = null;
  private loading: Promise<WebSocketTransport> | null = null;

  constructor(
    private readonly make: () => Promise<WebSocketTransport>,
    private readonly log: Logger,
  ) {}

  /** Take an HTTP upgrade; `closing` refuses it as the running transport would, without loading one to say so. */
  upgrade(req: IncomingMessage, socket: Socket, head: Buffer, closing: boolean): void {
    if (this.ws) return route(this.ws, req, socket, head);
    if (closing) return refuseUpgrade(socket, 503, 'The board is shutting down.');
    this.load().then(
      (transport) => {
        // A caller who hung up while it loaded is not placed (its gate slot would never be given back).
        if (!socket.destroyed) route(transport, req, socket, head);
      },
      (err: unknown) => {
        this.log.error('websocket transport could not start', { err, remote: remoteOf(socket) });
        refuseUpgrade(socket, 503, 'Browser calls are not available right now. Please try again later.');
      },
    );
  }

  /** Goodbye to every tab, waiting for a load under way so that no tab is placed after it. */
  async close(): Promise<void> {
    const transport = this.ws ?? (await this.loading?.catch(() => null));
    await transport?.close();
  }

  private load(): Promise<WebSocketTransport> {
    return (this.loading ??= this.make().then(
      (made) => (this.ws = made),
      (err: unknown) => {
        this.loading = null;
        throw err;
      },
    ));
  }
}

function route(transport: WebSocketTransport, req: IncomingMessage, socket: Socket, head: Buffer): void {
  if (transport.matches(req)) transport.handleUpgrade(req, socket, head);
  else refuseUpgrade(socket, 404, 'Not found.');
}
