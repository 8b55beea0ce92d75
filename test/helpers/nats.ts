import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { until } from './until.js';
import { freePort } from './free-port.js';

/**
 * A real NATS server for tests, on a free loopback port, as Debian's
 * `nats-server` runs it. It can be stopped and started again on the same
 * port, as a sysop's restart would, to show the board's hosts find it again.
 */

const BIN = '/usr/sbin/nats-server';
export const NATS_MISSING = 'nats-server is missing: apt-get install -y nats-server';

/** False when nats-server can be started here, else why not (failing under CI=true, where it must be). */
export function natsSkip(): string | false {
  if (existsSync(BIN)) return false;
  if (process.env.CI === 'true') throw new Error(NATS_MISSING);
  return NATS_MISSING;
}

export interface NatsServer {
  readonly port: number;
  readonly url: string;
  /** Kill it (SIGKILL: no goodbye to its clients) and wait until it is gone. */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
}


function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** A server of its own for one test; stopped by the test context when it ends. */
export async function startNats(t: { after: (fn: () => Promise<void>) => void }): Promise<NatsServer> {
  const skip = natsSkip();
  if (skip) throw new Error(skip);
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const server: NatsServer = {
    port,
    url: `nats://127.0.0.1:${port}`,
    async start() {
      output = '';
      const proc = spawn(BIN, ['-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
      proc.stderr.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
      await until(() => `nats-server listening on ${port}: ${output}`, async () => proc.exitCode === null && (await accepts(port)), 10_000, 50);
    },
    async stop() {
      const proc = child;
      child = null;
      if (!proc || proc.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGKILL');
      await gone;
    },
  };
  t.after(() => server.stop());
  await server.start();
  return server;
}
