import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listeningLines, ROOT } from '../helpers/spawned-board.js';
import { JsonClient, logInAndEnter, registerAndEnter } from '../callers/json.js';
import { ensureBaseImage, setUpPodman, type Podman } from '../helpers/podman.js';
import { stripAnsi } from '../callers/text-stream.js';
import { dialSsh, SSH, SSH_INSTALL } from '../helpers/ssh-client.js';
import { findTool, requireTool } from '../helpers/tools.js';
import { freePorts } from '../helpers/free-ports.js';
import { until } from '../helpers/until.js';
import { presentedFingerprint } from '../helpers/host-key-scan.js';
import { StepTimings } from '../helpers/step-timings.js';

const PODMAN_INSTALL = 'apt-get install -y --no-install-recommends podman buildah debootstrap slirp4netns fuse-overlayfs uidmap runc catatonit';
const PASSWORD = 'docker-pw-Kq4vZ9';
const WRONG_PASSWORD = 'not-it-Wm2xT7';
/** The image's own layers on top of its base; a regrowth past this is a mistake to look at. */
const MAX_APP_LAYERS_MB = 80;

async function waitForLog(podman: Podman, name: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  let last = '';
  return until(() => `${name} to log ${pattern}:\n${last}`, async () => {
    const { stdout, stderr } = await podman.run(['logs', name], { allowFail: true, timeoutMs: 10_000 });
    if (pattern.test(stdout)) return stdout;
    last = `${stdout}\n${stderr}`;
    const state = (await podman.run(['inspect', name, '--format', '{{.State.Status}}'], { allowFail: true })).stdout.trim();
    // An exited container will never log it: fail now, not at the deadline.
    if (state === 'exited') throw new Error(`${name} (${state}) never logged ${pattern}:\n${last}`);
    return null;
  }, timeoutMs, 250);
}

/** The telnet door: after option negotiation, the board's name prompt. */
function telnetNamePrompt(port: number, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no name prompt over telnet; saw ${JSON.stringify(text.slice(-300))}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      text += stripAnsi(d.toString('latin1').replace(/\xff\xfa[\s\S]*?\xff\xf0|\xff[\xfb-\xfe][\s\S]|\xff[\xf0-\xff]/g, ''));
      if (text.includes("Who's calling?")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function httpGet(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in time`)));
    req.on('error', reject);
  });
}


async function postMessage(c: JsonClient, text: string): Promise<void> {
  c.send('1');
  await c.answer('Subject:', '');
  await c.expect('Type your message', undefined, 10_000);
  c.send(text);
  c.send('.');
  await c.expect(/Message #\d+ posted/, undefined, 10_000);
  await c.expect('MAIN MENU', 'prompt', 10_000);
}

function listening(logs: string): Set<string> {
  return new Set(listeningLines(logs).map((l) => l.transport));
}

async function stopCleanly(podman: Podman, name: string): Promise<number> {
  const started = Date.now();
  await podman.run(['stop', '-t', '10', name], { timeoutMs: 30_000 });
  const took = Date.now() - started;
  const [code, oom] = (await podman.run(['inspect', name, '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}'])).stdout.trim().split(' ');
  assert.equal(code, '0', `${name} exited by itself on SIGTERM (137 would mean it was killed)`);
  assert.equal(oom, 'false');
  assert.ok(took < 10_000, `stopped in ${took} ms, within the stop timeout`);
  return took;
}

void test('the Docker image: builds, runs as non-root without compilers, serves every door, stops on SIGTERM and keeps its state in the volume', { timeout: 40 * 60_000 }, async (t: TestContext) => {
  const podmanBin = findTool('podman');
  if (!requireTool(t, podmanBin, 'podman', PODMAN_INSTALL)) return;
  const debootstrap = findTool('debootstrap', '/usr/sbin/debootstrap');
  if (!requireTool(t, debootstrap, 'debootstrap', PODMAN_INSTALL)) return;

  const podman = await setUpPodman(podmanBin);
  const run = `bbs-test-${process.pid}-${Date.now().toString(36)}`;
  const volume = `${run}-data`;
  const containers = [`${run}-1`, `${run}-2`];
  const work = await mkdtemp(join(tmpdir(), 'bbs-container-'));
  t.after(async () => {
    await podman.run(['rm', '-f', '-t', '0', ...containers], { allowFail: true, timeoutMs: 60_000 });
    await podman.run(['volume', 'rm', '-f', volume], { allowFail: true, timeoutMs: 30_000 });
    await podman.dispose();
    await rm(work, { recursive: true, force: true });
  });
  const timings = new StepTimings();
  const timed = <T>(name: string, work: () => Promise<T>): Promise<T> => timings.timed(name, work);

  const base = await timed('base image', () => ensureBaseImage(podman, debootstrap, (m) => t.diagnostic(m)));
  const iidFile = join(work, 'iid');
  await timed('build', () => podman.run(['build', '--format', 'docker', '--network', 'host', '--iidfile', iidFile, ROOT], { timeoutMs: 25 * 60_000 }));
  const image = (await readFile(iidFile, 'utf8')).trim();

  const sizeOf = async (ref: string): Promise<number> => Number((await podman.run(['image', 'inspect', ref, '--format', '{{.Size}}'])).stdout.trim());
  const imageBytes = await sizeOf(image);
  const appMb = (imageBytes - (await sizeOf('docker.io/library/node:20-bookworm-slim'))) / 1e6;
  t.diagnostic(`image ${(imageBytes / 1e6).toFixed(0)} MB, of which ${appMb.toFixed(1)} MB on top of the base (base ${base})`);
  assert.ok(appMb < MAX_APP_LAYERS_MB, `the board's own layers are ${appMb.toFixed(1)} MB`);

  const inside = await podman.run(['run', '--rm', '--network', 'host', image, 'sh', '-c', 'id -u; command -v gcc g++ cc make python3 || echo none; for p in sz rz sx rx sb rb; do $p --version >/dev/null 2>&1 && printf "$p "; done'], { timeoutMs: 60_000 });
  const [uid, compilers, transfers] = inside.stdout.trim().split('\n');
  assert.notEqual(uid, '0', 'runs as non-root');
  assert.equal(compilers, 'none', 'no compilers in the runtime image');
  assert.equal(transfers?.trim(), 'sz rz sx rx sb rb', 'lrzsz runs in the image, for the file areas');

  // Off the defaults, so other boards and parallel runs on this machine do not collide;
  // below the port-0 range, and free again when the second container takes them.
  const [telnet, ssh, http, json, nntp, closed] = (await freePorts(6)) as [number, number, number, number, number, number];
  const env = ['-e', `BBS_TELNET_PORT=${telnet}`, '-e', `BBS_SSH_PORT=${ssh}`, '-e', `BBS_HTTP_PORT=${http}`, '-e', `BBS_JSON_PORT=${json}`, '-e', `BBS_NNTP_PORT=${nntp}`, '-e', 'BBS_NAME=Container Board'];
  const start = async (name: string): Promise<string> => {
    await podman.run(['run', '-d', '--name', name, '--network', 'host', '-v', `${volume}:/data`, ...env, image], { timeoutMs: 60_000 });
    return waitForLog(podman, name, /board ready/, 60_000);
  };

  // First life: a caller registers and posts; every door answers.
  await podman.run(['volume', 'create', volume], { timeoutMs: 30_000 });
  const firstLogs = await timed('first start', () => start(containers[0]!));
  const doors = listening(firstLogs);
  t.diagnostic(`doors: ${[...doors].join(', ')}`);
  for (const door of ['tcpjson', 'telnet', 'nntp']) assert.ok(doors.has(door), `${door} is listening`);
  assert.match(firstLogs, /^\{"time":.*"msg":"board ready"/m, 'JSON log lines');

  const health = await podman.run(['healthcheck', 'run', containers[0]!], { allowFail: true, timeoutMs: 30_000 });
  assert.equal(health.code, 0, `HEALTHCHECK passes: ${health.stdout}${health.stderr}`);
  const unhealthy = await podman.run(['exec', containers[0]!, 'bbs', 'health', '--json-port', String(closed), '--telnet-port', 'off', '--timeout', '2'], { allowFail: true, timeoutMs: 30_000 });
  assert.equal(unhealthy.code, 1, 'bbs health fails where nothing answers');

  assert.match(await telnetNamePrompt(telnet), /Who's calling\?/);

  if (doors.has('http')) {
    const healthz = await httpGet(http, '/healthz');
    assert.equal(healthz.status, 200);
    assert.equal(healthz.body.trim(), 'ok');
    const page = await httpGet(http, '/');
    assert.equal(page.status, 200);
    assert.match(page.type, /text\/html/);
  } else t.diagnostic('HTTP is not wired into the board yet: skipped /healthz and /');

  let fingerprint: string | null = null;
  if (doors.has('ssh')) {
    fingerprint = /ssh host key ed25519 (SHA256:\S+?)"/.exec(firstLogs)?.[1] ?? null;
    assert.ok(fingerprint, 'the start-up log names the ed25519 host key');
    if (findTool('ssh-keyscan') && findTool('ssh-keygen')) assert.equal(await presentedFingerprint(ssh), fingerprint, 'the SSH door presents the logged key');
    if (requireTool(t, SSH(), 'OpenSSH client', SSH_INSTALL)) {
      const caller = dialSsh(ssh, 'bbs');
      try {
        await caller.expect("Who's calling?", 15_000);
      } finally {
        caller.kill();
      }
    }
  } else t.diagnostic('SSH is not wired into the board yet: skipped the SSH door');

  const c = await JsonClient.dial(json);
  await registerAndEnter(c, 'Dockerfan', PASSWORD);
  await postMessage(c, 'Written inside the first container.');
  c.close();
  const wrong = await JsonClient.dial(json);
  await wrong.answer("Who's calling?", 'Dockerfan');
  await wrong.answer('Password:', WRONG_PASSWORD);
  // One wrong try is a failed login in the log; the caller may try again, but hangs up.
  await wrong.expect('Wrong password', 'screen');
  wrong.close();

  const backup = await podman.run(['exec', containers[0]!, 'bbs', 'backup'], { allowFail: true, timeoutMs: 60_000 });
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /wrote \/data\/backups\/bbs-.*\.db .*integrity ok/);

  timings.ms['first stop'] = await stopCleanly(podman, containers[0]!);
  const logs = (await podman.run(['logs', containers[0]!])).stdout;
  assert.match(logs, /"msg":"stopped cleanly"/);
  assert.match(logs, /"msg":"failed login"/);
  assert.match(logs, /"msg":"new account"/);
  assert.ok(!logs.includes(PASSWORD), 'the password is not in the logs');
  assert.ok(!logs.includes(WRONG_PASSWORD), 'the wrong password is not in the logs');

  // Second life on the same volume: the message, the account and the host key are still there.
  const secondLogs = await timed('second start', () => start(containers[1]!));
  if (fingerprint) {
    assert.equal(/ssh host key ed25519 (SHA256:\S+?)"/.exec(secondLogs)?.[1], fingerprint, 'the same SSH host key after a new container');
    if (findTool('ssh-keyscan') && findTool('ssh-keygen')) assert.equal(await presentedFingerprint(ssh), fingerprint);
  }
  const again = await JsonClient.dial(json);
  await logInAndEnter(again, 'dockerfan', PASSWORD);
  again.send('2');
  await again.expect('Written inside the first container.', undefined, 10_000);
  again.close();
  timings.ms['second stop'] = await stopCleanly(podman, containers[1]!);
  t.diagnostic(String(timings));
});
