import type { ConnectionGate, RunningListener, TransportContext } from '../listener.js';
import { listenTcp } from '../tcp-listener.js';
import { encodeReply } from './frame-codec.js';
import { serveJsonSocket } from './json-socket.js';

export interface TcpJsonOptions extends TransportContext {
  host: string;
  port: number;
  gate?: ConnectionGate;
  route?: string;
}

export const BOARD_ROUTE = '@bbs';

/** The dedicated Mongrel2 JSON-socket port (6767 by default, the seed's). */
export function startTcpJson(opts: TcpJsonOptions): Promise<RunningListener> {
  const route = opts.route ?? BOARD_ROUTE;
  return listenTcp({
    transport: 'tcpjson',
    host: opts.host,
    port: opts.port,
    log: opts.log,
    gate: opts.gate,
    refusal: (reason) => encodeReply({ type: 'exit', msg: `Connection refused: ${reason}` }),
    onConnection: (socket) => serveJsonSocket(socket, null, { exchange: opts.exchange, log: opts.log, route }),
  });
}
