import type { ConnectionGate, RunningListener, TransportContext } from '../listener.js';
import { listenTcp } from '../tcp-listener.js';
import { TelnetConnection, telnetLineSettings, type TelnetSettings } from './telnet-connection.js';

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
const DEFAULT_DIAL_DELAY_MS = 250;
const DEFAULT_MAX_WRITABLE_BYTES = 1024 * 1024;

export function startTelnet(ctx: TelnetTransportOptions): Promise<RunningListener> {
  const log = ctx.log.child({ transport: 'telnet' });
  const settings: TelnetSettings = {
    log,
    dialDelayMs: ctx.dialDelayMs ?? DEFAULT_DIAL_DELAY_MS,
    maxWritableBytes: ctx.maxWritableBytes ?? DEFAULT_MAX_WRITABLE_BYTES,
    line: telnetLineSettings(ctx.exchange, log),
  };
  return listenTcp({
    transport: 'telnet',
    host: ctx.host,
    port: ctx.port,
    log: ctx.log,
    gate: ctx.limiter,
    trustedProxies: ctx.trustedProxies,
    // One plain line on a line of its own, before any negotiation.
    refusal: (reason) => `\r\n${reason}\r\n`,
    onConnection: (socket, remote) => {
      log.debug('telnet connection', { remote, port: socket.remotePort });
      // The listener frees the slot and counts the call gone when the socket closes.
      // On close the connection's shutdown(): the call hears 'server shutdown' as its hangup,
      // and the caller is given its last output before the line ends.
      return new TelnetConnection(settings, socket, remote);
    },
  });
}
