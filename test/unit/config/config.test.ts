import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { SETTINGS } from '../../../src/config/settings.js';

const EXAMPLE = new URL('../../../config/bbs.yaml', import.meta.url).pathname;

test('no file, no environment: the embedded defaults', async () => {
  const c = await loadConfig({ flags: { data: '/tmp/x' } });
  assert.equal(c.ports.json, 6767);
  assert.equal(c.ports.telnet, 2323);
  assert.equal(c.session.idleTimeoutMs, 600_000);
  assert.equal(c.config, null);
  assert.equal(c.data, '/tmp/x');
});

test('the shipped commented config names every setting and loads to the defaults', async () => {
  const defaults = await loadConfig({ flags: { data: '/tmp/x' } });
  const fromFile = await loadConfig({ flags: { data: '/tmp/x', config: EXAMPLE } });
  assert.deepEqual({ ...fromFile, config: null }, defaults);
  const text = await import('node:fs/promises').then((fs) => fs.readFile(EXAMPLE, 'utf8'));
  for (const s of SETTINGS) {
    if (s.key === 'data' || s.key === 'config') continue;
    const leaf = s.key.split('.').at(-1)!;
    assert.match(text, new RegExp(`${leaf}:`), `${s.key} is documented`);
    if (s.env) assert.ok(text.includes(s.env), `${s.env} is documented`);
  }
});

test('precedence: file < environment < flags; DATA/bbs.yaml is found by itself', async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-cfg-'));
  await writeFile(join(data, 'bbs.yaml'), 'board:\n  name: File Board\nports:\n  telnet: 2424\n  ssh: off\n');
  const c = await loadConfig({ flags: { data, 'telnet-port': '0' }, env: { BBS_NAME: 'Env Board', BBS_IDLE_TIMEOUT: '2m' } });
  assert.equal(c.board.name, 'Env Board');
  assert.equal(c.ports.telnet, 0);
  assert.equal(c.ports.ssh, null);
  assert.equal(c.session.idleTimeoutMs, 120_000);
  assert.equal(c.config, join(data, 'bbs.yaml'));
});

test('an invalid setting stops the start with a message naming it', async () => {
  const data = await mkdtemp(join(tmpdir(), 'bbs-cfg-'));
  await mkdir(data, { recursive: true });
  const cases: Array<[Parameters<typeof loadConfig>[0], RegExp]> = [
    [{ flags: { data, 'json-port': '70000' } }, /ports\.json .*--json-port.*not a port/],
    [{ flags: { data }, env: { BBS_IDLE_TIMEOUT: 'soon' } }, /session\.idleTimeout .*BBS_IDLE_TIMEOUT.*not a whole number/],
    [{ flags: { data }, env: { BBS_IDLE_TIMEOUT: '1' } }, /session\.idleTimeout.*outside 10\.\./],
    [{ flags: { data, 'log-format': 'xml' } }, /log\.format.*not one of text, json/],
    [{ flags: { data, name: 'bad\x1bname' } }, /board\.name.*control characters/],
  ];
  for (const [input, message] of cases) await assert.rejects(loadConfig(input), (err: Error) => err instanceof ConfigError && message.test(err.message));
  await writeFile(join(data, 'bbs.yaml'), 'bord:\n  name: typo\n');
  await assert.rejects(loadConfig({ flags: { data } }), /unknown setting 'bord'/);
  await writeFile(join(data, 'bbs.yaml'), 'ports: [1, 2\n');
  await assert.rejects(loadConfig({ flags: { data } }), /not valid YAML/);
});

test('database: a postgres:// URL from the flag, the environment or the file selects PostgreSQL; anything else is refused with the reason', async () => {
  assert.equal((await loadConfig({ flags: { data: '/tmp/x' } })).database, null, 'no setting: the SQLite file');
  assert.equal((await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_DATABASE_URL: 'postgres://bbs:pw@db:5432/bbs' } })).database, 'postgres://bbs:pw@db:5432/bbs');
  assert.equal((await loadConfig({ flags: { data: '/tmp/x', database: 'postgresql://db/board' } })).database, 'postgresql://db/board');
  for (const bad of ['sqlite:///tmp/x.db', '/tmp/bbs.db', 'mysql://db/bbs', 'postgres://']) {
    await assert.rejects(loadConfig({ flags: { data: '/tmp/x', database: bad } }), (err: Error) => err instanceof ConfigError && /setting database: only a postgres:\/\/ URL/.test(err.message), bad);
  }
});

test('bus: nats:// URLs, one or several, from the flag, the environment or the file; anything else is refused with the reason', async () => {
  assert.deepEqual((await loadConfig({ flags: { data: '/tmp/x' } })).bus, [], 'no setting: this host is the whole board');
  assert.deepEqual((await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_BUS_URL: 'nats://127.0.0.1:4222' } })).bus, ['nats://127.0.0.1:4222']);
  assert.deepEqual((await loadConfig({ flags: { data: '/tmp/x', bus: 'nats://a:4222, nats://b:4223' } })).bus, ['nats://a:4222', 'nats://b:4223']);
  for (const bad of ['127.0.0.1:4222', 'http://a:4222', 'nats://', 'nats://a:4222/board', 'nats://a:4222,', 'nats://a:99999']) {
    await assert.rejects(loadConfig({ flags: { data: '/tmp/x', bus: bad } }), (err: Error) => err instanceof ConfigError && /setting bus: /.test(err.message), bad);
  }
});

test('hostId: given, it is checked; left out, the machine name made fit for one', async () => {
  assert.equal((await loadConfig({ flags: { data: '/tmp/x', 'host-id': 'bbs-a.1_x' } })).hostId, 'bbs-a.1_x');
  assert.equal((await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_HOST_ID: 'east' } })).hostId, 'east');
  assert.match((await loadConfig({ flags: { data: '/tmp/x' } })).hostId, /^[A-Za-z0-9._-]{1,64}$/);
  for (const bad of ['two words', 'a/b', 'é', 'x'.repeat(65), 'a*']) {
    await assert.rejects(loadConfig({ flags: { data: '/tmp/x', 'host-id': bad } }), (err: Error) => err instanceof ConfigError && /setting hostId/.test(err.message), bad);
  }
});
