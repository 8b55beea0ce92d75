import type { Socket } from 'node:net';
import { sniffFirstBytes, type SniffResult } from './sniff.js';

type SniffedKind = Exclude<SniffResult, 'more'>;

/**
 * Wait for enough bytes to tell the protocol, then hand over. A connection that
 * says nothing within `timeoutMs` is closed: a silent socket is a held file
 * descriptor. The callback runs synchronously inside the data event, with our
 * listener already removed, so whoever takes the socket over sees every later
 * byte.
 */
export function sniffSocket(socket: Socket, timeoutMs: number, onKind: (kind: SniffedKind, firstBytes: Buffer) => void): void {
  let seen: Buffer = Buffer.alloc(0);
  const onTimeout = (): void => {
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
    const kind = sniffFirstBytes(seen);
    if (kind === 'more') return;
    socket.removeListener('data', onData);
    socket.removeListener('timeout', onTimeout);
    socket.setTimeout(0);
    onKind(kind, seen);
  };
  socket.setTimeout(timeoutMs);
  socket.on('timeout', onTimeout);
  socket.on('data', onData);
}
