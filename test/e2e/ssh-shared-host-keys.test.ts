import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, SSH, SSH_INSTALL } from '../helpers/ssh-client.js';
import { runBbs, startBoardProcess } from '../helpers/spawned-board.js';
import { findTool, requireTool } from '../helpers/tools.js';

/**
 * Several hosts of one board present the same SSH host keys, read from one
 * folder none of them writes: a caller's client that knows the board from
 * one host meets the same keys on another.
 */

const KEY_FILES = ['ssh_host_ed25519_key', 'ssh_host_rsa_key'];

/** The key lines ssh-keyscan collects from a port, host part dropped, sorted. */
async function scannedKeys(port: number): Promise<string[]> {
  const scan = await run(findTool('ssh-keyscan') ?? 'ssh-keyscan', ['-p', String(port), '-t', 'ed25519,rsa', '127.0.0.1']);
  return scan.stdout
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(' ').slice(1).join(' '))
    .sort();
}

void test('boards given one host-key folder present the same keys, so a client that knows one host takes the other without a warning; the folder is never written', { timeout: 120_000 }, async (t) => {
  const ssh = SSH();
  if (!requireTool(t, ssh, 'OpenSSH ssh', SSH_INSTALL)) return;
  // The first host makes its keys as usual; the sysop copies them to the shared folder.
  const first = await startBoardProcess({ t });
  const shared = mkdtempSync(join(tmpdir(), 'bbs-hostkeys-'));
  t.after(() => rmSync(shared, { recursive: true, force: true }));
  for (const name of KEY_FILES) {
    copyFileSync(join(first.data, 'ssh', name), join(shared, name));
    chmodSync(join(shared, name), 0o400);
  }
  chmodSync(shared, 0o500);
  const before = readdirSync(shared).map((n) => [n, statSync(join(shared, n)).mode]);

  const second = await startBoardProcess({ t, env: { BBS_SSH_HOST_KEYS: shared } });
  const third = await startBoardProcess({ t, env: { BBS_SSH_HOST_KEYS: shared } });
  const keys = await scannedKeys(first.ports.ssh!);
  assert.equal(keys.length, 2, 'ed25519 and RSA');
  assert.deepEqual(await scannedKeys(second.ports.ssh!), keys);
  assert.deepEqual(await scannedKeys(third.ports.ssh!), keys);
  assert.deepEqual(readdirSync(shared).map((n) => [n, statSync(join(shared, n)).mode]), before, 'nothing written or re-moded');

  // A client that met the first host, checking strictly, reaches the second host's login.
  const knownHosts = join(shared, '..', `known-${process.pid}`);
  t.after(() => rmSync(knownHosts, { force: true }));
  writeFileSync(knownHosts, keys.map((k) => `[127.0.0.1]:${second.ports.ssh!} ${k}`).join('\n') + '\n');
  const strict = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'IdentityAgent=none', '-o', 'PubkeyAuthentication=no', '-p', String(second.ports.ssh!), 'nosuchcaller@127.0.0.1', 'who'];
  const dialled = await run(ssh, strict);
  assert.doesNotMatch(dialled.stderr, /IDENTIFICATION HAS CHANGED|Host key verification failed/);
  assert.match(dialled.stderr, /Permission denied/, 'past the host key check, at the login');
});

void test('a host-key folder with no keys stops the start with one line saying what to put there', { timeout: 60_000 }, async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'bbs-nokeys-'));
  const empty = mkdtempSync(join(tmpdir(), 'bbs-emptykeys-'));
  t.after(() => {
    rmSync(data, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });
  const serve = await runBbs(['serve', '--data', data, '--ssh-host-keys', empty, '--telnet-port', '0', '--ssh-port', '0', '--json-port', '0', '--http-port', '0', '--nntp-port', 'off']);
  assert.notEqual(serve.code, 0);
  assert.match(serve.out, new RegExp(`bbs serve: no SSH host keys in ${empty} \\(ssh_host_ed25519_key, ssh_host_rsa_key\\): copy DATA/ssh of one host there`));
  assert.doesNotMatch(serve.out, /\n\s+at /, 'no stack trace');
  assert.deepEqual(readdirSync(empty), [], 'no key made there');
});
