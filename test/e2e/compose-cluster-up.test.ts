import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { blockOf, whoIsOnline } from '../callers/board-views.js';
import { logInAndEnter, postToken, registerAndEnter, type JsonClient } from '../callers/json.js';
import { redial } from '../callers/redial.js';
import { TelnetCaller } from '../callers/telnet.js';
import { FORGET_MS } from '../../src/nodes/nats-link.js';
import { DOCKER_INSTALL, startDockerd, type DockerEngine } from '../helpers/docker-engine.js';
import { freePorts } from '../helpers/free-ports.js';
import { runCommand, type CommandResult } from '../helpers/podman.js';
import { ROOT } from '../helpers/spawned-board.js';
import { ensureStandInImages } from '../helpers/stand-in-images.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { until } from '../helpers/until.js';
import { presentedFingerprint } from '../helpers/host-key-scan.js';
import { StepTimings } from '../helpers/step-timings.js';

/**
 * compose.cluster.yaml started the way a sysop starts it, `compose up -d`,
 * and dialled only through HAProxy's published ports: one board on two
 * hosts, then one host killed outright.
 *
 * The engine is Docker (a dockerd of the test's own) with docker-compose:
 * podman on this kernel runs only with host networking (see podman.ts),
 * while the cluster needs a user-defined bridge network with a fixed
 * address for HAProxy and Docker's DNS at 127.0.0.11, which the HAProxy
 * configuration names; Docker gives both here. Its published ports are
 * NATed (no userland proxy: see docker-engine.ts). No image can be pulled, so
 * postgres, nats and haproxy are local stand-ins (stand-in-images.ts) under
 * the names the compose file uses, and the board's image is built by
 * `up` from this checkout. The only change to the compose file is where
 * HAProxy's ports are published: free loopback ports, in a copy read with
 * this checkout as its project folder (Compose v1 adds an override's
 * ports to the file's instead of replacing them).
 */

const PASSWORD = 'cluster-pw-Hn3xQ8';
const GREETING = "Who's calling?";
const BOARDS = ['board-a', 'board-b'] as const;
/** The board's ports HAProxy publishes, in the compose file's words. */
const PUBLISHED = { telnet: 2323, ssh: 2222, web: 8080, json: 6767, nntp: 1119 } as const;

interface ComposeFile {
  services: Record<string, { image?: string; build?: unknown }>;
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in time`)));
    req.on('error', reject);
  });
}


/** A caller signed up through HAProxy whose node is not in `avoid`'s block: dials again while it lands there. */
async function signUpAwayFrom(port: number, name: string, avoid: number | null): Promise<{ caller: JsonClient; block: number }> {
  for (let dials = 0; dials < 10; dials++) {
    const caller = (await redial({ port })).caller;
    const block = await blockOf(caller);
    if (block !== avoid) {
      await registerAndEnter(caller, name, PASSWORD);
      return { caller, block };
    }
    caller.close();
    await caller.ended;
  }
  throw new Error(`ten dials through HAProxy all landed on block ${avoid}`);
}

void test('compose.cluster.yaml comes up with one command and is one board on two hosts, through a host killed outright', { timeout: 30 * 60_000 }, async (t: TestContext) => {
  const tools = {
    dockerd: findTool('dockerd', '/usr/sbin/dockerd'),
    docker: findTool('/usr/bin/docker', 'docker'),
    compose: findTool('docker-compose'),
    debootstrap: findTool('debootstrap', '/usr/sbin/debootstrap'),
    iptables: findTool('iptables-save', '/usr/sbin/iptables-save'),
  };
  for (const [what, path] of Object.entries(tools)) if (!requireTool(t, path, what, DOCKER_INSTALL)) return;
  if (!requireTool(t, findTool('ssh-keyscan'), 'ssh-keyscan', 'apt-get install -y --no-install-recommends openssh-client')) return;

  const timings = new StepTimings();
  const timed = <T>(name: string, work: () => Promise<T>): Promise<T> => timings.timed(name, work);
  const engine: DockerEngine = await timed('dockerd', () => startDockerd(tools.dockerd!, tools.docker!, (m) => t.diagnostic(m)));
  const work = await mkdtemp(join(tmpdir(), 'bbs-compose-'));
  const project = `bbs${process.pid}${Date.now().toString(36)}`;
  const composeFile = join(work, 'compose.cluster.yaml');
  const compose = (args: string[], timeoutMs = 120_000): Promise<CommandResult> =>
    runCommand(tools.compose!, ['-p', project, '--project-directory', ROOT, '-f', composeFile, ...args], { env: engine.env, cwd: ROOT, timeoutMs });
  t.after(async () => {
    await compose(['down', '--volumes', '--timeout', '5'], 120_000).catch((err: Error) => t.diagnostic(`compose down: ${err.message}`));
    await engine.dispose();
    await rm(work, { recursive: true, force: true });
    t.diagnostic(String(timings));
  });

  // Every image the file names that it does not build is a stand-in made here.
  const text = await readFile(join(ROOT, 'compose.cluster.yaml'), 'utf8');
  const services = (parse(text, { merge: true }) as ComposeFile).services;
  const pulled = [...new Set(Object.values(services).filter((s) => !s.build && s.image).map((s) => s.image!))];
  const built = await timed('stand-in images', () => ensureStandInImages(engine, tools.debootstrap!, pulled, (m) => t.diagnostic(m)));
  t.diagnostic(`stand-ins for ${pulled.join(', ')}; built now: ${built.join(', ') || 'none'}`);
  // `up` builds the board's image from this checkout: a tag left by an earlier run goes, its layers stay as the build's cache.
  const boardImages = [...new Set(Object.values(services).filter((s) => s.build && s.image).map((s) => s.image!))];
  for (const image of boardImages) await engine.run(['rmi', '--no-prune', image], { allowFail: true });

  const free = await freePorts(Object.keys(PUBLISHED).length);
  const ports = Object.fromEntries(Object.keys(PUBLISHED).map((name, i) => [name, free[i]!])) as Record<keyof typeof PUBLISHED, number>;
  let moved = text;
  for (const [i, port] of Object.values(PUBLISHED).entries()) {
    const published = `"${port}:${port}"`;
    assert.ok(moved.includes(published), `the compose file publishes ${published}`);
    moved = moved.replace(published, `"127.0.0.1:${free[i]}:${port}"`);
  }
  await writeFile(composeFile, moved);

  await timed('compose up -d', () => compose(['up', '-d'], 20 * 60_000));
  const containerOf = async (service: string): Promise<string> => (await compose(['ps', '-q', service])).stdout.trim();
  const logsOf = async (service: string): Promise<string> => (await engine.run(['logs', await containerOf(service)], { timeoutMs: 30_000 })).stdout;

  // Health: both boards ready on the bus, and HAProxy answering a caller.
  await timed('ready', async () => {
    for (const board of BOARDS) await until(`${board} to log "board ready"`, async () => /"msg":"board ready"/.test(await logsOf(board)), 120_000, 500);
    const telnet = await until('a telnet caller through HAProxy to see the name prompt', async () => {
      const caller = await TelnetCaller.dial({ port: ports.telnet, negotiate: true }).catch(() => null);
      if (!caller) return null;
      try {
        await caller.until(GREETING, 10_000);
        return true;
      } catch {
        return null;
      } finally {
        caller.close();
      }
    }, 60_000, 500);
    assert.ok(telnet);
  });

  // Two callers sign up through HAProxy and land on different hosts; each sees the other.
  const alice = await signUpAwayFrom(ports.json, 'Alice', null);
  t.after(() => alice.caller.close());
  const bob = await signUpAwayFrom(ports.json, 'Bob', alice.block);
  // Which host holds which block of node numbers is decided by which starts first: the directory says.
  const directory = await httpGet(ports.web, '/directory');
  assert.equal(directory.status, 200);
  const nodes = (JSON.parse(directory.body) as { nodes: { node: number; host: string }[] }).nodes;
  const hostOf = (block: number): string => {
    const host = nodes.find((n) => Math.floor((n.node - 1) / 100) === block)?.host;
    assert.ok(host, `a host with block ${block} in ${JSON.stringify(nodes)}`);
    return host;
  };
  t.diagnostic(`Alice on ${hostOf(alice.block)}, Bob on ${hostOf(bob.block)}`);
  const seen = await whoIsOnline(alice.caller);
  assert.match(seen, /Bob/, `Alice sees Bob: ${seen}`);
  assert.match(seen, new RegExp(hostOf(bob.block)), 'and the host Bob is on');
  assert.match(await whoIsOnline(bob.caller), /Alice/);

  // One SSH host key, whichever host answers.
  const logged = await Promise.all(BOARDS.map(async (b) => /ssh host key ed25519 (SHA256:\S+?)"/.exec(await logsOf(b))?.[1]));
  assert.ok(logged[0] && logged[0] === logged[1], `both hosts log one key: ${logged.join(' ')}`);
  for (let i = 0; i < 4; i++) assert.equal(await presentedFingerprint(ports.ssh), logged[0]);

  // The directory through HAProxy names both hosts, each with its own block of nodes.
  assert.deepEqual(nodes.map((n) => n.host).sort(), [...BOARDS]);
  assert.equal(new Set(nodes.map((n) => Math.floor((n.node - 1) / 100))).size, 2, JSON.stringify(nodes));

  // Both post; then Bob's host is killed outright.
  const acked: string[] = [];
  for (let i = 0; i < 3; i++) {
    await postToken(alice.caller, `alice-${i}`, acked);
    await postToken(bob.caller, `bob-${i}`, acked);
  }
  const killed = hostOf(bob.block);
  const killedContainer = await containerOf(killed);
  await engine.run(['kill', '-s', 'KILL', killedContainer]);
  const killedAt = Date.now();
  await until('Bob to lose his line', () => bob.caller.closed, 15_000).catch(async (err: Error) => {
    const haproxy = await engine.run(['logs', await containerOf('haproxy')], { allowFail: true });
    throw new Error(`${err.message}; HAProxy logged:\n${(haproxy.stdout + haproxy.stderr).slice(-3000)}`);
  });

  // Bob dials again and is in at once on the other host, and goes on posting.
  const again = await redial({ port: ports.json });
  t.after(() => again.caller.close());
  t.diagnostic(`Bob's redial: ${again.outcomes.join(', ')}`);
  await logInAndEnter(again.caller, 'Bob', PASSWORD);
  assert.notEqual(await blockOf(again.caller), bob.block, 'Bob is back on the host still up');
  await postToken(again.caller, 'bob-after', acked);

  // Who's online forgets the killed host within seconds.
  await until(
    `who's online to forget ${killed} within ${FORGET_MS} ms`,
    async () => !(await whoIsOnline(alice.caller)).includes(killed),
    Math.max(1000, killedAt + FORGET_MS + 5000 - Date.now()),
    200,
  );
  timings.ms['forgotten after kill'] = Date.now() - killedAt;

  // No acknowledged post is lost, nor stored twice.
  const postgres = await containerOf('postgres');
  const bodies = (await engine.run(['exec', postgres, 'psql', '-U', 'bbs', '-d', 'bbs', '-tAc', "SELECT body FROM public_messages WHERE body LIKE 'msg %'"])).stdout;
  const stored = bodies.split('\n').map((b) => /^msg (\S+)/.exec(b.trim())?.[1]).filter(Boolean);
  for (const token of acked) assert.equal(stored.filter((s) => s === token).length, 1, `${token} stored once: ${stored.join(' ')}`);
  t.diagnostic(`restart policy brought ${killed} back: ${(await engine.run(['inspect', killedContainer, '--format', '{{.State.Status}} restarts={{.RestartCount}}'])).stdout.trim()}`);
});
