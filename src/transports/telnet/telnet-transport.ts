import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ConnectionGate, RunningListener, TransportContext } from '../listener.js';
import { normalizeAddress } from '../limits/connection-limiter.js';
import { TelnetConnection } from './telnet-connection.js';

export interface TelnetTransportOptions extends TransportContext {
  host: string;
  port: number;
  /** Usually the process-wide ConnectionLimiter, shared with the other transports. */
  limiter: ConnectionGate;
  /** Longest wait for terminal type and size before the call is placed anyway. */
  dialDelayMs?: number;
  /** Unsent output past which a caller who never reads is dropped. */
  maxWritableBytes?: number;
}

/** A raw socket that never negotiates must still see the board well within a second. */
export const DEFAULT_DIAL_DELAY_MS = 250;
export const DEFAULT_MAX_WRITABLE_BYTES = 1024 * 1024;
/** A refused caller gets this long to read the reason before the socket is cut. */
const REFUSAL_GRACE_MS = 2000;

export async function startTelnet(ctx: TelnetTransportOptions): Promise<RunningListener> {
  const log = ctx.log.child({ transport: 'telnet' });
  const connections = new Set<TelnetConnection>();
  const refused = new Set<Socket>();
  const server = createServer();
  let closing: Promise<void> | undefined;
  let finishClose: (() => void) | undefined;
  let listening = true;
  // Closed means the port is released and every call has had its hangup, in whichever order they finish.
  const settle = (): void => {
    if (finishClose && !listening && connections.size === 0) finishClose();
  };

  server.on('connection', (socket) => {
    const remote = normalizeAddress(socket.remoteAddress ?? 'unknown');
    const lease = ctx.limiter.tryAcquire(remote);
    if (!lease.ok) {
      log.warn('telnet caller refused', { remote, port: socket.remotePort, reason: lease.reason });
      refuse(socket, lease.reason, refused);
      return;
    }
    log.debug('telnet connection', { remote, port: socket.remotePort });
    const connection: TelnetConnection = new TelnetConnection({
      socket,
      remote,
      exchange: ctx.exchange,
      log,
      dialDelayMs: ctx.dialDelayMs ?? DEFAULT_DIAL_DELAY_MS,
      maxWritableBytes: ctx.maxWritableBytes ?? DEFAULT_MAX_WRITABLE_BYTES,
      onClosed: () => {
        lease.release();
        connections.delete(connection);
        settle();
      },
    });
    connections.add(connection);
  });

  await listen(server, ctx.port, ctx.host);
  // After listening, errors are accept failures (EMFILE and kin): log them, keep serving the callers we have.
  server.on('error', (err) => log.error('telnet listener error', { err }));

  return {
    transport: 'telnet',
    address: server.address() as AddressInfo,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        finishClose = resolve;
        server.close(() => {
          listening = false;
          settle();
        });
        for (const connection of connections) connection.shutdown();
        for (const socket of refused) socket.destroy();
      });
      return closing;
    },
  };
}

/** One plain line saying why, then hang up: never a silent drop. */
function refuse(socket: Socket, reason: string, refused: Set<Socket>): void {
  refused.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => refused.delete(socket));
  socket.end(`\r\n${reason}\r\n`);
  socket.setTimeout(REFUSAL_GRACE_MS, () => socket.destroy());
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
