import { createServer } from 'node:net';

/**
 * A loopback port free at this moment, for a server that takes no port 0
 * (PostgreSQL, HAProxy, NATS) or a board that must start again on the same
 * number: taken from the system and given back at once.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
