import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import type { ConnectionGate, RunningListener } from './listener.js';

export interface TcpListenerOptions {
  transport: string;
  host: string;
  port: number;
  log: Logger;
  gate?: ConnectionGate;
  /** What a refused caller reads before the line closes, in this wire's own format. */
  refusal: (reason: string) => Buffer;
  onConnection: (socket: Socket) => void;
}

/**
 * A TCP listener that admits callers through the shared gate (refusing the
 * excess politely, never silently), tracks its sockets, and on close ends
 * them all and waits for them, bounded.
 */
export async function listenTcp(opts: TcpListenerOptions): Promise<RunningListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    const remote = socket.remoteAddress ?? 'unknown';
    socket.on('error', () => {});
    const admitted = opts.gate ? opts.gate.tryAcquire(remote) : { ok: true as const, release: () => {} };
    if (!admitted.ok) {
      opts.log.warn('connection refused', { transport: opts.transport, remote, reason: admitted.reason });
      socket.end(opts.refusal(admitted.reason));
      setTimeout(() => socket.destroy(), 2000).unref();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      admitted.release();
    });
    opts.onConnection(socket);
  });
  server.on('error', (err) => opts.log.error('listener error', { transport: opts.transport, err }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    transport: opts.transport,
    address: server.address() as AddressInfo,
    close: () => closeServer(server, sockets),
  };
}

async function closeServer(server: Server, sockets: Set<Socket>, waitMs = 2000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const s of sockets) if (!s.writableEnded) s.end();
  const deadline = Date.now() + waitMs;
  while (sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const s of sockets) s.destroy();
  await closed;
}
