import { createServer } from 'node:net';

/**
 * Ports a containerised board can publish: below the range the system hands
 * out for port 0 (32768 and up here), so the other tests' own listeners and
 * connections, all on port 0, can never take one of them before the
 * container binds it.
 */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (ports.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
    });
    if (free) ports.push(port);
  }
  return ports;
}
