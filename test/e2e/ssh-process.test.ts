import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { dialSsh, identity, run, SSH, SSH_INSTALL, sshOptions } from '../helpers/ssh-client.js';
import { requireTool } from '../helpers/tools.js';

/** The host key lines `bbs serve` prints at start, by key type. */
function printedHostKeys(board: BoardProcess): Record<string, string> {
  return Object.fromEntries([...board.output().matchAll(/ssh host key (\w+) (SHA256:[A-Za-z0-9+/]+)/g)].map((m) => [m[1]!, m[2]!]));
}

test('bbs serve opens SSH, prints its host keys, and keeps them across restarts', { timeout: 60_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  const data = await mkdtemp(join(tmpdir(), 'bbs-ssh-proc-'));
  try {
    const first = await startBoardProcess({ data });
    let keys: Record<string, string>;
    try {
      assert.ok(first.ports.ssh, `no "listening ssh" line:\n${first.output()}`);
      keys = printedHostKeys(first);
      assert.deepEqual(Object.keys(keys).sort(), ['ed25519', 'rsa']);
      const seen = await run('ssh', [...sshOptions(first.ports.ssh, identity(null), 'DEBUG1'), 'bbs@127.0.0.1', 'motd']);
      assert.equal(seen.code, 0, seen.stderr);
      assert.ok(seen.stderr.includes(`Server host key: ssh-ed25519 ${keys.ed25519}`), 'the client sees the key the board printed');

      const c = dialSsh(first.ports.ssh, 'bbs');
      try {
        await c.expect("Who's calling?");
      } finally {
        c.kill();
      }
    } finally {
      assert.equal(await first.stop(), 0);
    }
    const second = await startBoardProcess({ data });
    try {
      assert.deepEqual(printedHostKeys(second), keys, 'same host keys after a restart');
    } finally {
      await second.stop();
    }
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

test('BBS_SSH_USER names the front door and BBS_SSH_LOGIN_TIMEOUT cuts silent clients', { timeout: 60_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  const board = await startBoardProcess({ env: { BBS_SSH_USER: 'guest', BBS_SSH_LOGIN_TIMEOUT: '2' } });
  try {
    const port = board.ports.ssh!;
    const guest = await run('ssh', [...sshOptions(port, identity(null)), 'guest@127.0.0.1', 'help']);
    assert.equal(guest.code, 0, guest.stderr);
    const bbs = await run('ssh', [...sshOptions(port, [...identity(null), '-o', 'BatchMode=yes']), 'bbs@127.0.0.1', 'help']);
    assert.equal(bbs.code, 255, '"bbs" is an ordinary (unknown) name now');

    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', reject);
      socket.on('data', () => {});
      socket.once('close', () => resolve(Date.now() - started));
    });
    assert.ok(closedAfter >= 1800 && closedAfter < 6000, `closed after ${closedAfter} ms`);
  } finally {
    await board.stop();
  }
});

test('an idle board has not loaded ssh2: the first SSH caller loads it, and gets in', { timeout: 60_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  // ssh2's native crypto binding is mapped into the process with ssh2: a sign visible from outside.
  const binding = createRequire(import.meta.url).resolve('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
  if (!existsSync(binding) || !existsSync('/proc/self/maps')) return t.skip("no ssh2 crypto binding or no /proc to look for it in");
  const board = await startBoardProcess();
  try {
    const mapped = (): boolean => readFileSync(`/proc/${board.child.pid}/maps`, 'utf8').includes('sshcrypto.node');
    assert.ok(board.ports.ssh, 'the SSH port is open all the same');
    assert.equal(mapped(), false, 'ssh2 is not loaded before anyone calls');
    const seen = await run('ssh', [...sshOptions(board.ports.ssh, identity(null)), 'bbs@127.0.0.1', 'help']);
    assert.equal(seen.code, 0, seen.stderr);
    assert.equal(mapped(), true, 'the first caller loaded it');
  } finally {
    await board.stop();
  }
});
