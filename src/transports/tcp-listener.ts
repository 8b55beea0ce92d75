import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ProxyRange } from '../config/trusted-proxies.js';
import type { Logger } from '../logger.js';
import { RefusalLog } from './limits/refusal-log.js';
import { RefusedSockets } from './limits/refused-sockets.js';
import type { ConnectionGate, RunningListener } from './listener.js';
import { ProxyFront } from './proxy/proxy-front.js';

/** How a transport hangs up one of its callers when the listener closes: a function, or the connection's own shutdown method. */
/**
 * How the listener hangs an admitted caller up; as an object, it may also be
 * told of the socket's errors and its close, so that the socket has one
 * listener for each (two would make an array of listeners per socket).
 */
type Hangup = (() => void) | { shutdown(): void; failed?(err: Error): void; closed?(): void };

/** One admitted socket: how to hang it up, and its place under the caps. */
interface Admitted {
  readonly hangup: Hangup;
  readonly lease: { release(): void };
}

/** Without a gate every caller is admitted, with nothing to give back. */
const OPEN_LEASE = { ok: true as const, release(): void {} };

function hangUp(hangup: Hangup): void {
  if (typeof hangup === 'function') hangup();
  else hangup.shutdown();
}

export interface TcpListenerOptions {
  transport: string;
  host: string;
  port: number;
  log: Logger;
  gate?: ConnectionGate;
  /** Load balancers whose PROXY v2 header names the caller; the gate and the transport see that address. */
  trustedProxies?: readonly ProxyRange[];
  /** What a refused caller reads before the line closes, in this wire's own format. */
  refusal: (reason: string) => Buffer | string;
  /**
   * Serves an admitted caller (`remote` is the address the gate saw). May
   * return its own hangup for when the listener closes; it must bring the
   * socket to 'close' in bounded time. Without one the socket is ended and
   * cut after a grace period. A hangup object with `failed` and `closed` hears
   * of the socket's errors and its close through the listener's own handlers.
   */
  onConnection: (socket: Socket, remote: string) => Hangup | void;
}

/** A peer that will not read its last words gets this long before the socket is cut. */
export const END_GRACE_MS = 2000;

interface Calls {
  /** Every admitted socket still open, with how to hang it up. */
  readonly open: Map<Socket, Admitted>;
  /** Set while closing: called when the last admitted socket has closed. */
  onEmpty: (() => void) | null;
}

/**
 * A TCP listener that admits callers through the shared gate (refusing the
 * excess with one line saying why, within a short grace, and logged in
 * summary; a flood past the refusals in flight is cut unanswered), and on close
 * releases the port, hangs up every caller it admitted and resolves once
 * each of their sockets has closed.
 */
export async function listenTcp(opts: TcpListenerOptions): Promise<RunningListener> {
  const log = opts.log.child({ transport: opts.transport });
  const calls: Calls = { open: new Map(), onEmpty: null };
  const refused = new RefusedSockets();
  const refusals = new RefusalLog(log);
  const front = new ProxyFront({ trusted: opts.trustedProxies ?? [], refusals });
  let closing: Promise<void> | undefined;

  // One function for every socket of this listener (the socket is `this`): a closure per caller would be kept as long as the call.
  // The transport hears of the close first: a call has had its hangup before its slot is given back or close() resolves.
  const onClosed = function (this: Socket): void {
    const admitted = calls.open.get(this);
    if (!admitted) return;
    if (typeof admitted.hangup !== 'function') admitted.hangup.closed?.();
    calls.open.delete(this);
    admitted.lease.release();
    if (calls.open.size === 0) calls.onEmpty?.();
  };
  // Errors are the transport's to report; before it has the socket, one is only kept from throwing.
  const onError = function (this: Socket, err: Error): void {
    const hangup = calls.open.get(this)?.hangup;
    if (hangup && typeof hangup !== 'function') hangup.failed?.(err);
  };

  const admit = (socket: Socket, remote: string): void => {
    const lease = opts.gate ? opts.gate.tryAcquire(remote) : OPEN_LEASE;
    if (!lease.ok) {
      refusals.note(remote, lease.reason);
      refused.refuse(socket, opts.refusal(lease.reason));
      return;
    }
    const hangup = opts.onConnection(socket, remote) ?? (() => endWithin(socket, END_GRACE_MS));
    // A listener, not a promise, because it is kept for every caller on the line. Registered
    // after any 'close' handler the transport added itself, so it runs after them.
    socket.on('close', onClosed);
    calls.open.set(socket, { hangup, lease });
    if (closing) hangUp(hangup);
  };

  const server: Server = createServer({ noDelay: true }, (socket) => {
    socket.on('error', onError);
    // The gate counts the caller the front names: behind a trusted balancer, the one its header gives.
    front.accept(socket, (remote) => admit(socket, remote));
  });

  await listen(server, opts.port, opts.host);
  // After listening, errors are accept failures (EMFILE and kin): log them, keep serving the callers we have.
  server.on('error', (err) => log.error(`${opts.transport} listener error`, { err }));

  return {
    transport: opts.transport,
    address: server.address() as AddressInfo,
    close: () => (closing ??= closeAll(server, calls, refused, refusals, front)),
  };
}

/** Closed means the port is released and every admitted call has had its hangup, in whichever order they finish. */
async function closeAll(server: Server, calls: Calls, refused: RefusedSockets, refusals: RefusalLog, front: ProxyFront): Promise<void> {
  const portReleased = new Promise<void>((resolve) => server.close(() => resolve()));
  front.close();
  refused.closeAll();
  refusals.close();
  for (const { hangup } of calls.open.values()) hangUp(hangup);
  await portReleased;
  // Nobody can arrive now, so the calls still open are all there will be.
  if (calls.open.size > 0) await new Promise<void>((resolve) => (calls.onEmpty = resolve));
}

/** Flush what is queued (and any last words), then FIN; a peer that will not take it is cut after the grace period. */
export function endWithin(socket: Socket, graceMs: number, lastWords?: Buffer | string): void {
  if (lastWords === undefined) socket.end();
  else socket.end(lastWords);
  const cut = setTimeout(() => socket.destroy(), graceMs);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}

/** Resolves once the server listens; a port that cannot be bound rejects with its error (EADDRINUSE and kin). */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
