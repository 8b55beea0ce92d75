import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The exact name the Dockerfile's FROM uses, so a build finds it without pulling. */
export const BASE_IMAGE = 'docker.io/library/node:20-bookworm-slim';
/** Debian bookworm from debootstrap: the base of every stand-in image. */
export const DEBIAN_BASE = 'localhost/debian-min:bookworm';
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/** Images stay here between runs, so only the first run pays for debootstrap. */
export const PODMAN_ROOT = join(tmpdir(), 'bbs-podman');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** podman or a Docker engine: their command lines agree on everything the stand-in images need. */
export interface ContainerEngine {
  bin: string;
  env: NodeJS.ProcessEnv;
  /** Flags every `build` takes: the base layers need the host's network to reach Debian and npm. */
  buildFlags: string[];
  /** Runs the engine's CLI; rejects on a non-zero exit unless `allowFail`, and kills it after `timeoutMs`. */
  run(args: string[], opts?: { timeoutMs?: number; allowFail?: boolean; input?: string }): Promise<CommandResult>;
  dispose(): Promise<void>;
}

export type Podman = ContainerEngine;

/** `image inspect` rather than podman's `image exists`, which Docker lacks. */
export async function imageExists(engine: ContainerEngine, ref: string): Promise<boolean> {
  return (await engine.run(['image', 'inspect', ref], { allowFail: true })).code === 0;
}

/** Runs a command with a deadline; the whole process group dies when it is up. */
export function runCommand(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; allowFail?: boolean; input?: string; cwd?: string } = {},
): Promise<CommandResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
      reject(new Error(`${cmd} ${args.join(' ')}: no end within ${timeoutMs} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !opts.allowFail) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Podman configured for this kernel without touching /etc: ulimits within the
 * machine's own, host networking, runc with cgroupfs, events in a file, and
 * overlay storage under the temp folder.
 */
export async function setUpPodman(bin: string): Promise<Podman> {
  const conf = await mkdtemp(join(tmpdir(), 'bbs-podman-conf-'));
  await mkdir(PODMAN_ROOT, { recursive: true });
  await writeFile(
    join(conf, 'containers.conf'),
    [
      '[containers]',
      'default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]',
      'netns = "host"',
      '',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(conf, 'storage.conf'),
    ['[storage]', 'driver = "overlay"', `runroot = "${join(PODMAN_ROOT, 'run')}"`, `graphroot = "${join(PODMAN_ROOT, 'storage')}"`, ''].join('\n'),
  );
  const env = { ...process.env, CONTAINERS_CONF: join(conf, 'containers.conf'), CONTAINERS_STORAGE_CONF: join(conf, 'storage.conf') };
  return {
    bin,
    env,
    buildFlags: ['--format', 'docker', '--network', 'host'],
    run: (args, opts = {}) => runCommand(bin, args, { ...opts, env }),
    dispose: () => rm(conf, { recursive: true, force: true }),
  };
}

/**
 * No image registry is reachable, so the Dockerfile's base is made here:
 * Debian bookworm from debootstrap, with this machine's Node.js, npm, Node's
 * headers (for native modules) and CA bundle, laid out as the official image
 * has them. Built once, then found in the cache.
 */
export async function ensureBaseImage(podman: ContainerEngine, debootstrap: string, log: (msg: string) => void): Promise<'cached' | 'built'> {
  if (await imageExists(podman, BASE_IMAGE)) return 'cached';
  const work = await mkdtemp(join(tmpdir(), 'bbs-base-'));
  try {
    await ensureDebianBase(podman, debootstrap, work, log);
    const ctx = join(work, 'ctx');
    await mkdir(ctx);
    await cp(process.execPath, join(ctx, 'node'));
    await cp('/usr/lib/node_modules/npm', join(ctx, 'npm'), { recursive: true, verbatimSymlinks: true });
    await cp(nodeHeaders(), join(ctx, 'include-node'), { recursive: true });
    await cp('/etc/ssl/certs/ca-certificates.crt', join(ctx, 'ca-certificates.crt'));
    await writeFile(
      join(ctx, 'Dockerfile'),
      [
        `FROM ${DEBIAN_BASE}`,
        'COPY node /usr/local/bin/node',
        'COPY npm /usr/local/lib/node_modules/npm',
        'COPY include-node /usr/local/include/node',
        'COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\',
        ' && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
        ' && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
        // The build reaches the npm registry through this machine's CA bundle.
        'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt',
        'CMD ["node"]',
        '',
      ].join('\n'),
    );
    log(`building the stand-in ${BASE_IMAGE}`);
    await podman.run(['build', ...podman.buildFlags, '-t', BASE_IMAGE, ctx], { timeoutMs: 300_000 });
    return 'built';
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The debootstrap base, imported once into the engine's store; `work` is a scratch folder the caller removes. */
export async function ensureDebianBase(engine: ContainerEngine, debootstrap: string, work: string, log: (msg: string) => void): Promise<void> {
  if (await imageExists(engine, DEBIAN_BASE)) return;
  const rootfs = join(work, 'rootfs');
  log('debootstrap bookworm (about 30 s)');
  await runCommand(debootstrap, ['--variant=minbase', 'bookworm', rootfs, DEBIAN_MIRROR], { timeoutMs: 600_000 });
  await runCommand('sh', ['-c', `tar -C '${rootfs}' -c . | '${engine.bin}' import - ${DEBIAN_BASE}`], { env: engine.env, timeoutMs: 300_000 });
  await rm(rootfs, { recursive: true, force: true });
}

/** Node's C headers, where this machine's npm builds native modules against them. */
function nodeHeaders(): string {
  const found = ['/usr/include/node', '/usr/local/include/node'].find((dir) => existsSync(join(dir, 'node.h')));
  if (!found) throw new Error("Node's headers (node.h) are not in /usr/include/node or /usr/local/include/node");
  return found;
}
