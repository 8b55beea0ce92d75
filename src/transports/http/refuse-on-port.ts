import type { Socket } from 'node:net';
import type { RefusedSockets } from '../limits/refused-sockets.js';
import { jsonRefusal } from '../tcpjson/tcpjson-transport.js';
import { httpErrorResponse } from '../websocket/refuse-upgrade.js';
import { sniffFirstBytes } from './sniff.js';

/**
 * A connection refused on the shared HTTP port is answered in its own wire's
 * format, told by its first bytes as an admitted one would be: the original
 * client reads an exit (it spins on a bare close), anything else a 503 with
 * the reason (a browser's WebSocket sees a failed handshake it can report).
 * A peer that says nothing within the refusal grace is cut unanswered.
 */
export function refuseOnHttpPort(socket: Socket, reason: string, refused: RefusedSockets): void {
  if (!refused.take(socket)) return;
  socket.once('data', (first: Buffer) => {
    // Whatever else it sends is read and dropped, so the close is a FIN, not a reset that could eat the answer.
    socket.on('data', () => {});
    socket.end(sniffFirstBytes(first) === 'json' ? jsonRefusal(reason) : httpErrorResponse(503, reason));
  });
}
