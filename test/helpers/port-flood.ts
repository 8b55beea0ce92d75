import { connect, type Socket } from 'node:net';

// The benchmark samples descriptors the same way; one copy serves both.
export { openFds, watchFds } from './descriptors.js';

/** A raw TCP connection from one loopback source address; resolves once open. */
export function dialFrom(port: number, localAddress: string, opts: { host?: string; allowHalfOpen?: boolean } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: opts.host ?? '127.0.0.1', localAddress, allowHalfOpen: opts.allowHalfOpen ?? false });
    s.once('connect', () => {
      s.removeListener('error', reject);
      s.on('error', () => {});
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Everything the board sends before it closes the socket; rejects if it stays open past the deadline. */
export function readToEnd(s: Socket, timeoutMs = 3000, encoding: BufferEncoding = 'utf8'): Promise<string> {
  const chunks: Buffer[] = [];
  s.on('data', (d: Buffer) => chunks.push(d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms; read ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`)), timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString(encoding));
    };
    s.once('end', done);
    s.once('close', done);
  });
}

/**
 * Opens `count` connections as fast as `parallel` at a time allows, each
 * left open from our side as an attacker would; returns them for cleanup.
 */
export async function flood(ports: readonly number[], localAddress: string, count: number, parallel = 200): Promise<Socket[]> {
  const opened: Socket[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const port = ports[next++ % ports.length]!;
      try {
        const s = await dialFrom(port, localAddress, { allowHalfOpen: true });
        s.on('data', () => {});
        opened.push(s);
      } catch {
        // A connection the kernel refused or reset is one the board did not have to hold.
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, () => worker()));
  return opened;
}
