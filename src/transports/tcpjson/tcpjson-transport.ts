import type { ConnectionGate, RunningListener, TransportContext } from '../listener.js';
import { listenTcp } from '../tcp-listener.js';
import { encodeReply } from './frame-codec.js';
import { serveJsonSocket } from './json-socket.js';

interface TcpJsonOptions extends TransportContext {
  host: string;
  port: number;
  gate?: ConnectionGate;
  route?: string;
}

export const BOARD_ROUTE = '@bbs';

/** What a refused JSON-socket caller reads: the original client spins on a bare close, so it gets an exit first. */
export function jsonRefusal(reason: string): Buffer {
  return encodeReply({ type: 'exit', msg: `Connection refused: ${reason}` });
}

/** The dedicated Mongrel2 JSON-socket port (6767 by default, the seed's). */
export function startTcpJson(opts: TcpJsonOptions): Promise<RunningListener> {
  const route = opts.route ?? BOARD_ROUTE;
  return listenTcp({
    transport: 'tcpjson',
    host: opts.host,
    port: opts.port,
    log: opts.log,
    gate: opts.gate,
    trustedProxies: opts.trustedProxies,
    refusal: jsonRefusal,
    onConnection: (socket) => serveJsonSocket(socket, null, { exchange: opts.exchange, log: opts.log, route }),
  });
}
