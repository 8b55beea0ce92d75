import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** A complete plain-text HTTP error response that closes the connection. */
export function httpErrorResponse(status: number, message: string): Buffer {
  const body = Buffer.from(message + '\n', 'utf8');
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Connection: close\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Answer an upgrade request with a plain HTTP error instead of a WebSocket, then hang up. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  socket.once('error', () => socket.destroy());
  socket.end(httpErrorResponse(status, message), () => socket.destroy());
}
