import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SETTINGS } from '../../src/config/settings.js';
import { HAPROXY } from '../helpers/haproxy.js';
import { ROOT } from '../helpers/spawned-board.js';

/**
 * compose.cluster.yaml and config/haproxy.cluster.cfg cannot be started
 * here (no image registry), so what can be checked without running them is:
 * every board setting they give exists in the board's settings table, the
 * boards share what must be shared, and the balancer forwards each of the
 * board's ports to both boards with the PROXY header and health checks.
 */

interface Service {
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  depends_on?: string[] | Record<string, unknown>;
}

const compose = parse(readFileSync(join(ROOT, 'compose.cluster.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const haproxyCfg = readFileSync(join(ROOT, 'config/haproxy.cluster.cfg'), 'utf8');
const services = compose.services;
const BOARDS = ['board-a', 'board-b'] as const;
const env = (name: string): Record<string, string> => services[name]!.environment ?? {};
const defaultPort = (key: string): number => SETTINGS.find((s) => s.key === key)!.default as number;
const PORTS = { telnet: defaultPort('ports.telnet'), ssh: defaultPort('ports.ssh'), json: defaultPort('ports.json'), web: defaultPort('ports.http'), nntp: defaultPort('ports.nntp') };

void test('every BBS_ variable a board is given is a setting of the board', () => {
  const known = new Set(SETTINGS.map((s) => s.env).filter(Boolean));
  for (const board of BOARDS) {
    const unknown = Object.keys(env(board)).filter((k) => !known.has(k));
    assert.deepEqual(unknown, [], `${board} is given variables the board does not read`);
  }
});

void test('both boards share the database, the bus, the name and the host keys, and each has its own host id and data', () => {
  const [a, b] = BOARDS.map(env) as [Record<string, string>, Record<string, string>];
  for (const key of ['BBS_DATABASE_URL', 'BBS_BUS_URL', 'BBS_NAME', 'BBS_SSH_HOST_KEYS', 'BBS_TRUSTED_PROXIES']) assert.equal(a[key], b[key], key);
  assert.ok(a.BBS_HOST_ID && b.BBS_HOST_ID && a.BBS_HOST_ID !== b.BBS_HOST_ID, 'distinct host ids');

  const db = new URL(a.BBS_DATABASE_URL!);
  const pg = env(db.hostname);
  assert.equal(db.protocol, 'postgres:');
  assert.equal(decodeURIComponent(db.username), pg.POSTGRES_USER);
  assert.equal(decodeURIComponent(db.password), pg.POSTGRES_PASSWORD);
  assert.equal(db.pathname.slice(1), pg.POSTGRES_DB);
  const bus = new URL(a.BBS_BUS_URL!);
  assert.equal(bus.protocol, 'nats:');
  assert.ok(services[bus.hostname]?.image?.startsWith('nats'), `${bus.hostname} is the NATS service`);

  // The host keys folder lies inside one volume both boards mount, read-only, and the one-shot service fills.
  const mounts = (name: string): string[] => services[name]!.volumes ?? [];
  const keyMount = (name: string): string | undefined => mounts(name).find((m) => a.BBS_SSH_HOST_KEYS!.startsWith(`${m.split(':')[1]}/`));
  const shared = BOARDS.map((board) => keyMount(board));
  assert.ok(shared[0] && shared[0] === shared[1] && shared[0].endsWith(':ro'), `shared read-only keys mount: ${String(shared[0])}`);
  const volume = shared[0].split(':')[0]!;
  assert.ok(volume in compose.volumes);
  assert.ok(mounts('host-keys').some((m) => m.startsWith(`${volume}:`)), 'the host-keys service writes that volume');
  const dataVolumes = BOARDS.map((board) => mounts(board).find((m) => m.endsWith(':/data')));
  assert.ok(dataVolumes[0] && dataVolumes[1] && dataVolumes[0] !== dataVolumes[1], 'each board has its own /data');
});

void test("the boards trust exactly HAProxy's address, and only HAProxy publishes ports", () => {
  const networks = services.haproxy!.networks as Record<string, { ipv4_address?: string }>;
  const address = Object.values(networks)[0]?.ipv4_address;
  assert.ok(address);
  for (const board of BOARDS) {
    assert.equal(env(board).BBS_TRUSTED_PROXIES, address);
    assert.equal(services[board]!.ports, undefined, `${board} publishes no ports`);
  }
  const published = (services.haproxy!.ports ?? []).map((p) => p.split(':').map(Number));
  assert.deepEqual(published.sort(), Object.values(PORTS).map((p) => [p, p]).sort());
});

void test('HAProxy forwards each port to both boards with the PROXY v2 header and health checks', () => {
  assert.match(haproxyCfg, /default-server [^\n]*send-proxy-v2[^\n]* check /);
  // A dead host's callers are hung up when it is taken out, not left on a silent line.
  assert.match(haproxyCfg, /default-server [^\n]* on-marked-down shutdown-sessions/);
  assert.match(haproxyCfg, /option redispatch/);
  for (const [name, port] of Object.entries(PORTS)) {
    assert.match(haproxyCfg, new RegExp(`frontend ${name}\\n[^]*?bind :${port}\\n`), `frontend ${name} on ${port}`);
    const backend = new RegExp(`backend boards_${name}\\n([^]*?)(?:\\n\\n|$)`).exec(haproxyCfg)?.[1] ?? '';
    for (const board of BOARDS) assert.match(backend, new RegExp(`server ${board} ${board}:${port}\\n?`), `${board}:${port} in boards_${name}`);
  }
});

void test('haproxy -c accepts the cluster config', (t) => {
  const bin = HAPROXY();
  if (!bin) return t.skip('haproxy is not installed');
  const r = spawnSync(bin, ['-c', '-f', join(ROOT, 'config/haproxy.cluster.cfg')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /Configuration file is valid/);
});
