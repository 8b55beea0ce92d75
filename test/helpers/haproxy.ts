import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { findTool } from './tools.js';
import { until } from './until.js';
import { freePort } from './free-port.js';

export const HAPROXY = (): string | null => findTool('haproxy', '/usr/sbin/haproxy');
export const HAPROXY_INSTALL = 'apt-get install haproxy';

export interface HaproxyFrontend {
  name: string;
  mode: 'tcp' | 'http';
  /**
   * The board's port this frontend forwards to, on 127.0.0.1; or one port on
   * each of several boards, balanced round robin with health checks.
   */
  boardPort: number | readonly number[];
}

/**
 * The servers of one backend. Several boards are balanced round robin (so
 * consecutive callers land on alternate hosts) and checked twice a second:
 * a dead one is out after two failed checks, and a connection refused by it
 * meanwhile is sent to another (redispatch on every retry), as the shipped
 * cluster config does, and hangs up the callers of a server it takes out.
 */
function serverLines(f: HaproxyFrontend, source: string): string[] {
  if (typeof f.boardPort === 'number') return [`  server board 127.0.0.1:${f.boardPort} send-proxy-v2 source ${source}`];
  return [
    '  balance roundrobin',
    '  retries 3',
    '  option redispatch 1',
    ...(f.mode === 'http' ? ['  option httpchk GET /healthz', '  http-check expect status 200'] : []),
    ...f.boardPort.map((port, i) => `  server board${i + 1} 127.0.0.1:${port} send-proxy-v2 source ${source} check inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions`),
  ];
}

export interface RunningHaproxy {
  /** The port each frontend listens on, on 127.0.0.1, by name. */
  ports: Record<string, number>;
  output(): string;
  /** Ends HAProxy and removes its folder; resolves once it is gone. */
  stop(): Promise<void>;
}


/**
 * The real HAProxy in front of a board on loopback: each frontend forwards to
 * the board with a PROXY v2 header, connecting from `source` (an address the
 * board trusts), as a balancer on another machine would. Given the test's
 * context, it is stopped after the test; else call stop(). `maxconn` caps
 * the connections it holds at once (a load of a thousand callers needs more).
 */
export async function startHaproxy(t: Pick<TestContext, 'after'> | null, frontends: readonly HaproxyFrontend[], source: string, maxconn = 200): Promise<RunningHaproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-haproxy-'));
  const ports: Record<string, number> = {};
  for (const f of frontends) ports[f.name] = await freePort();
  const sections = frontends.map((f) =>
    [
      `frontend ${f.name}`,
      `  mode ${f.mode}`,
      `  bind 127.0.0.1:${ports[f.name]}`,
      `  default_backend ${f.name}_board`,
      `backend ${f.name}_board`,
      `  mode ${f.mode}`,
      ...serverLines(f, source),
    ].join('\n'),
  );
  const config = [
    'global',
    `  maxconn ${maxconn}`,
    'defaults',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    ...sections,
    '',
  ].join('\n');
  const file = join(dir, 'haproxy.cfg');
  await writeFile(file, config);
  const child = spawn(HAPROXY()!, ['-f', file, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  t?.after(stop);
  for (const f of frontends) {
    await until(
      () => `haproxy to listen on ${f.name} (${out.trim() || 'no output'})`,
      () => child.exitCode === null && accepts(ports[f.name]!),
      10_000,
      50,
    );
  }
  return { ports, output: () => out, stop };
}

/** Whether something listens on the port; the probe hangs up at once. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    // From an address no test uses, so the board's per-address count of the tests' own callers is untouched.
    const s = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.250' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
