import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand, type CommandResult, type ContainerEngine } from './podman.js';
import { until } from './until.js';

/**
 * A Docker engine of the test's own, started by hand (no systemd here) with
 * its socket, state and pid file under the temp folder. Its images stay in
 * DOCKER_ROOT between runs, so only the first run pays for the base images.
 * What the engine changes on the machine outside that folder (the bridges
 * of its networks, its iptables chains and rules, IPv4 forwarding) is
 * recorded before it starts and put back after it stops.
 */
export const DOCKER_ROOT = join(tmpdir(), 'bbs-docker');

export const DOCKER_INSTALL = 'apt-get install -y --no-install-recommends docker.io docker-compose debootstrap iptables';

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

export interface DockerEngine extends ContainerEngine {
  /** DOCKER_HOST for compose and the CLI. */
  host: string;
}

async function bridges(): Promise<Set<string>> {
  const { stdout } = await runCommand('ip', ['-o', 'link', 'show', 'type', 'bridge'], { allowFail: true, timeoutMs: 10_000 });
  return new Set([...stdout.matchAll(/^\d+: ([^:@]+)/gm)].map((m) => m[1]!));
}

async function iptablesSave(): Promise<CommandResult> {
  return runCommand('iptables-save', [], { timeoutMs: 10_000 });
}

export async function startDockerd(dockerd: string, docker: string, log: (msg: string) => void): Promise<DockerEngine> {
  const run = await mkdtemp(join(tmpdir(), 'bbs-dockerd-'));
  const pidFile = join(DOCKER_ROOT, 'dockerd.pid');
  await mkdir(DOCKER_ROOT, { recursive: true });
  // One engine at a time on the data root: a run that died left its pid file.
  const stale = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (stale > 0) {
    try {
      process.kill(stale, 0);
      throw new Error(`dockerd ${stale} already runs on ${DOCKER_ROOT}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  const before = { bridges: await bridges(), iptables: (await iptablesSave()).stdout, ipForward: await readFile(IP_FORWARD, 'utf8') };
  const host = `unix://${join(run, 'docker.sock')}`;
  const child = spawn(
    dockerd,
    [
      '--host', host,
      '--data-root', join(DOCKER_ROOT, 'root'),
      '--exec-root', join(run, 'exec'),
      '--pidfile', pidFile,
      // The machine's own limit is 20000 and cannot be raised: Docker's default asks for more.
      '--default-ulimit', 'nofile=20000:20000',
      // Published ports by NAT, as for a caller from another machine, not
      // through a docker-proxy process between the caller and HAProxy.
      '--userland-proxy=false',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  let daemonLog = '';
  child.stderr.on('data', (d: Buffer) => (daemonLog = (daemonLog + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const env = { ...process.env, DOCKER_HOST: host };
  const engine: DockerEngine = {
    bin: docker,
    env,
    host,
    buildFlags: ['--network', 'host'],
    run: (args, opts = {}) => runCommand(docker, args, { ...opts, env }),
    dispose: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      await restoreMachine(before);
      await unmountUnder(run);
      await rm(run, { recursive: true, force: true });
    },
  };
  try {
    await until(() => `dockerd to answer:\n${daemonLog.slice(-3000)}`, async () => {
      if (child.exitCode !== null) throw new Error(`dockerd exited ${child.exitCode}:\n${daemonLog.slice(-3000)}`);
      return (await engine.run(['version'], { allowFail: true, timeoutMs: 10_000 })).code === 0;
    }, 60_000, 250);
  } catch (err) {
    await engine.dispose();
    throw err;
  }
  log(`dockerd ${child.pid} on ${host}`);
  return engine;
}

/** dockerd leaves its network namespace file bind-mounted in its exec root. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4]).filter((m): m is string => !!m && m.startsWith(`${dir}/`));
  for (const mount of mounts.reverse()) await runCommand('umount', ['-l', mount], { allowFail: true, timeoutMs: 10_000 });
}

/** Bridges the engine made, then iptables and forwarding as they were before it started. */
async function restoreMachine(before: { bridges: Set<string>; iptables: string; ipForward: string }): Promise<void> {
  for (const bridge of await bridges()) {
    if (!before.bridges.has(bridge)) await runCommand('ip', ['link', 'delete', bridge], { allowFail: true, timeoutMs: 10_000 });
  }
  // iptables-restore puts back every table the first save held; a table the
  // engine created is emptied, its built-in chains accepting as a new table's do.
  const tablesBefore = new Set([...before.iptables.matchAll(/^\*(\S+)/gm)].map((m) => m[1]!));
  const now = (await iptablesSave()).stdout;
  for (const [, table, body] of now.matchAll(/^\*(\S+)\n([\s\S]*?)^COMMIT/gm)) {
    if (tablesBefore.has(table!)) continue;
    const iptables = (...args: string[]): Promise<CommandResult> => runCommand('iptables', ['-t', table!, ...args], { allowFail: true, timeoutMs: 10_000 });
    await iptables('-F');
    await iptables('-X');
    for (const [, chain] of body!.matchAll(/^:(\S+) (?!-)\S+/gm)) await iptables('-P', chain!, 'ACCEPT');
  }
  if (tablesBefore.size > 0) await runCommand('iptables-restore', [], { input: before.iptables, timeoutMs: 10_000 });
  await writeFile(IP_FORWARD, before.ipForward).catch(() => {});
}
