import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { proxyMatcher } from '../../../src/transports/proxy/proxy-matcher.js';

void test('by default no load balancer is trusted', async () => {
  const c = await loadConfig({ flags: { data: '/tmp/x' } });
  assert.deepEqual(c.trustedProxies, []);
  const trusts = proxyMatcher(c.trustedProxies);
  assert.equal(trusts('127.0.0.1'), false);
  assert.equal(trusts('::1'), false);
});

void test('addresses and CIDR blocks, IPv4 and IPv6, from the environment, a flag or the config file', async () => {
  const fromEnv = await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_TRUSTED_PROXIES: ' 10.0.0.5, 192.168.1.0/24 ,fd00::/8' } });
  assert.deepEqual(fromEnv.trustedProxies, [
    { address: '10.0.0.5', family: 'ipv4', prefix: 32 },
    { address: '192.168.1.0', family: 'ipv4', prefix: 24 },
    { address: 'fd00::', family: 'ipv6', prefix: 8 },
  ]);
  const fromFlag = await loadConfig({ flags: { data: '/tmp/x', 'trusted-proxy': '2001:DB8::7' }, env: { BBS_TRUSTED_PROXIES: '10.0.0.5' } });
  assert.deepEqual(fromFlag.trustedProxies, [{ address: '2001:db8::7', family: 'ipv6', prefix: 128 }]);
  const data = await mkdtemp(join(tmpdir(), 'bbs-proxies-'));
  await writeFile(join(data, 'bbs.yaml'), 'trustedProxies:\n  - 10.0.0.5\n  - 172.16.0.0/12\n');
  const fromFile = await loadConfig({ flags: { data } });
  assert.deepEqual(
    fromFile.trustedProxies.map((r) => `${r.address}/${r.prefix}`),
    ['10.0.0.5/32', '172.16.0.0/12'],
  );
});

void test('every invalid entry is named in one ConfigError', async () => {
  const bad = ['10.0.0.256', '10.0.0.0/33', 'fd00::/129', 'proxy.example.org', '10.0.0.0/', 'fe80::1%eth0', '1.2.3.4/8/8'];
  await assert.rejects(
    loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_TRUSTED_PROXIES: `10.0.0.5,${bad.join(',')}` } }),
    (err: Error) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /trustedProxies \(from environment variable BBS_TRUSTED_PROXIES\)/);
      for (const b of bad) assert.ok(err.message.includes(`'${b}'`), `${b} is named in: ${err.message}`);
      assert.ok(!err.message.includes("'10.0.0.5'"), 'the valid entry is not named');
      return true;
    },
  );
  const data = await mkdtemp(join(tmpdir(), 'bbs-proxies-'));
  await writeFile(join(data, 'bbs.yaml'), 'trustedProxies:\n  - 10.0.0.5\n  - {a: 1}\n');
  await assert.rejects(loadConfig({ flags: { data } }), (err: Error) => err instanceof ConfigError && /expected addresses or CIDR blocks/.test(err.message));
});

void test('the matcher honours blocks, single addresses and a dual-stack socket\'s IPv4-mapped form', async () => {
  const c = await loadConfig({ flags: { data: '/tmp/x' }, env: { BBS_TRUSTED_PROXIES: '127.0.0.2,192.168.1.0/24,fd00::/8' } });
  const trusts = proxyMatcher(c.trustedProxies);
  for (const yes of ['127.0.0.2', '::ffff:127.0.0.2', '192.168.1.0', '192.168.1.255', 'fd12:3456::1', 'FD00::9']) assert.equal(trusts(yes), true, yes);
  for (const no of ['127.0.0.3', '192.168.2.1', 'fe00::1', '::1', 'unknown', '']) assert.equal(trusts(no), false, no);
});
