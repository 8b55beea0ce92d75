import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { bbsCommand, mountTmpfs, remount, requireMount, requireRoot, unmount } from '../helpers/os-account.js';

const PORTS = ['--host', '127.0.0.1', '--json-port', '0', '--telnet-port', '0', '--ssh-port', 'off', '--http-port', 'off', '--nntp-port', 'off'];

/** A start that must fail: the whole output, which must be one clear line and no stack trace. */
async function refusedStart(data: string, asUser?: string): Promise<string> {
  const r = await bbsCommand(['serve', '--data', data, ...PORTS], { asUser, timeoutMs: 30_000 });
  assert.equal(r.code, 1, `the board should refuse to start:\n${r.out}`);
  assert.doesNotMatch(r.out, /^\s+at /m, `a stack trace instead of a message:\n${r.out}`);
  assert.doesNotMatch(r.out, /listening|board ready/, r.out);
  return r.out;
}

void test('a board on a read-only file system refuses to start with one message naming the folder and what it needs', { timeout: 120_000 }, async (t) => {
  if (!requireRoot(t, 'a read-only mount')) return;
  const data = mkdtempSync(join(tmpdir(), 'bbs-ro-'));
  if (!requireMount(t, mountTmpfs(data, 'size=8m,mode=0700'))) return;
  try {
    // A board that ran here before: its database is there, and stays readable.
    const first = await startBoardProcess({ data, args: ['--ssh-port', 'off'] });
    assert.equal(await first.stop(), 0, first.output());
    remount(data, 'ro');
    const out = await refusedStart(data);
    assert.match(out, new RegExp(`bbs serve: the data folder ${data} is not writable \\(read-only file system\\)`));
    assert.match(out, /must be able to create and write files in it/);
    assert.match(out, /--data or BBS_DATA/);
  } finally {
    unmount(data);
  }
});

void test('a board run by an account that may not write its data folder refuses to start and says so', { timeout: 120_000 }, async (t) => {
  if (!requireRoot(t, 'running the board as user nobody')) return;
  const parent = mkdtempSync(join(tmpdir(), 'bbs-denied-'));
  chmodSync(parent, 0o755);
  const data = join(parent, 'data');
  mkdirSync(data, { mode: 0o755 });
  chmodSync(data, 0o755);

  const existing = await refusedStart(data, 'nobody');
  assert.match(existing, new RegExp(`bbs serve: the data folder ${data} is not writable \\(permission denied\\)`));
  assert.match(existing, /Make it writable for the account the board runs as \(uid \d+\)/);

  const missing = await refusedStart(join(parent, 'not-yet'), 'nobody');
  assert.match(missing, new RegExp(`bbs serve: cannot create the data folder ${join(parent, 'not-yet')} \\(permission denied\\)`));
});
