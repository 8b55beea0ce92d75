import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bbsArgv, ROOT, startBoardProcess, waitUntilReady } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { accountIds, bbsCommand, canRead, requireRoot } from '../helpers/os-account.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

/**
 * A parent every account may enter, so that only the data folder's own
 * modes stand between another account and the files (mkdtemp's 0700 would
 * hide a loose data folder and let the test pass for the wrong reason).
 */
function openParent(): string {
  const parent = mkdtempSync(join(tmpdir(), 'bbs-modes-'));
  chmodSync(parent, 0o755);
  return parent;
}

/** Proof that `nobody` would get in if the modes let it: the same check on a 0644 file beside the data folder. */
function assertCheckBites(parent: string): void {
  const control = join(parent, 'control.txt');
  writeFileSync(control, 'readable\n', { mode: 0o644 });
  chmodSync(control, 0o644);
  assert.equal(canRead('nobody', control), true, 'nobody cannot read even a 0644 file: the check proves nothing');
}

async function postAs(port: number, name: string, text: string): Promise<void> {
  const c = await JsonClient.dial(port);
  try {
    await registerAndEnter(c, name, 'pw-Zq8vK3xw-long');
    c.send('1');
    await c.answer('Subject:', '');
    await c.expect('Type your message', undefined, 10_000);
    c.send(text);
    c.send('.');
    await c.expect(/Message #\d+ posted/, undefined, 10_000);
  } finally {
    c.close();
  }
}

void test('a fresh data folder is 0700 and every file the board, backup and restore make in it is 0600; nobody cannot read the database', { timeout: 120_000 }, async (t) => {
  if (!requireRoot(t, 'reading the database as user nobody')) return;
  const parent = openParent();
  assertCheckBites(parent);
  const data = join(parent, 'data');
  const board = await startBoardProcess({ data, args: ['--ssh-port', 'off'] });
  try {
    await postAs(board.ports.tcpjson!, 'Secretive', 'a private thought');
    assert.ok(existsSync(join(data, 'bbs.db-wal')), 'the post should sit in the WAL beside the database');
    const made = await bbsCommand(['backup', '--data', data]);
    assert.equal(made.code, 0, made.out);

    assert.equal(mode(data), '0700');
    for (const name of ['bbs.db', 'bbs.db-wal', 'bbs.db-shm', 'bbs.lock', 'bbs.pid']) assert.equal(mode(join(data, name)), '0600', name);
    assert.equal(mode(join(data, 'backups')), '0700');
    const [copy] = readdirSync(join(data, 'backups'));
    assert.ok(copy, 'bbs backup wrote no file');
    assert.equal(mode(join(data, 'backups', copy)), '0600', copy);
    for (const name of ['bbs.db', 'bbs.db-wal', `backups/${copy}`]) assert.equal(canRead('nobody', join(data, name)), false, `nobody read ${name}`);
    assert.doesNotMatch(board.output(), /took group and other access away/, 'nothing was loose on a fresh folder');

    // A backup given a file name outside the data folder is as private as one inside it.
    const outside = join(parent, 'nightly.db');
    const named = await bbsCommand(['backup', outside, '--data', data]);
    assert.equal(named.code, 0, named.out);
    assert.equal(mode(outside), '0600');
    assert.equal(canRead('nobody', outside), false);
  } finally {
    await board.stop();
  }

  // A backup fetched from elsewhere is often 0644; restored, it is the live database and must not stay so.
  const incoming = join(parent, 'incoming.db');
  const fetched = await bbsCommand(['backup', incoming, '--data', data]);
  assert.equal(fetched.code, 0, fetched.out);
  chmodSync(incoming, 0o644);
  const restored = await bbsCommand(['restore', incoming, '--data', data]);
  assert.equal(restored.code, 0, restored.out);
  assert.equal(mode(join(data, 'bbs.db')), '0600');
  const kept = readdirSync(join(data, 'backups')).find((f) => f.startsWith('bbs-before-restore-'));
  assert.ok(kept, restored.out);
  assert.equal(mode(join(data, 'backups', kept)), '0600');
  assert.equal(canRead('nobody', join(data, 'bbs.db')), false);
});

void test('a board started on a folder left 0755 with 0644 files tightens them, says so once, and its upgrade copy is 0600', { timeout: 120_000 }, async (t) => {
  if (!requireRoot(t, 'reading the database as user nobody')) return;
  const parent = openParent();
  const data = join(parent, 'data');
  mkdirSync(join(data, 'backups'), { recursive: true });
  // A database from an older version, so the start also takes the copy made before an upgrade.
  openDatabase(join(data, 'bbs.db'), { migrateTo: MIGRATIONS.length - 1 }).close();
  writeFileSync(join(data, 'backups', 'bbs-old.db'), 'an old copy');
  writeFileSync(join(data, 'bbs.pid'), 'pid 1 on elsewhere\n');
  for (const dir of [data, join(data, 'backups')]) chmodSync(dir, 0o755);
  for (const file of ['bbs.db', 'bbs.pid', 'backups/bbs-old.db']) chmodSync(join(data, file), 0o644);
  assert.equal(canRead('nobody', join(data, 'bbs.db')), true, 'the loose folder should be readable before the board starts');

  const board = await startBoardProcess({ data, args: ['--ssh-port', 'off'] });
  try {
    const lines = board.output().split('\n').filter((l) => /took group and other access away/.test(l));
    assert.equal(lines.length, 1, board.output());
    for (const path of [data, join(data, 'bbs.db'), join(data, 'backups'), join(data, 'backups', 'bbs-old.db')]) assert.ok(lines[0]!.includes(path), `${path} not named in: ${lines[0]}`);

    assert.equal(mode(data), '0700');
    assert.equal(mode(join(data, 'backups')), '0700');
    for (const name of ['bbs.db', 'bbs.db-wal', 'bbs.db-shm', 'bbs.lock', 'bbs.pid', 'backups/bbs-old.db']) assert.equal(mode(join(data, name)), '0600', name);
    const upgradeCopy = readdirSync(join(data, 'backups')).find((f) => f.startsWith(`bbs-v${MIGRATIONS.length - 1}-`));
    assert.ok(upgradeCopy, board.output());
    assert.equal(mode(join(data, 'backups', upgradeCopy)), '0600');
    assert.equal(canRead('nobody', join(data, 'bbs.db')), false);
  } finally {
    await board.stop();
  }
});

void test('a board that cannot tighten a file it does not own says which, and why', { timeout: 120_000 }, async (t) => {
  if (!requireRoot(t, 'running the board as user nobody')) return;
  const nobody = accountIds('nobody');
  const parent = openParent();
  const data = join(parent, 'data');
  mkdirSync(data, { mode: 0o755 });
  chownSync(data, nobody.uid, nobody.gid);
  // Left behind by root (a board once run as the wrong account): writable for all, so the board can use it, but not its to chmod.
  openDatabase(join(data, 'bbs.db')).close();
  chmodSync(join(data, 'bbs.db'), 0o666);

  const args = [...bbsArgv(), 'serve', '--data', data, '--host', '127.0.0.1', '--json-port', '0', '--telnet-port', '0', '--ssh-port', 'off', '--http-port', 'off', '--nntp-port', 'off'];
  const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, ...args], { cwd: ROOT, env: { ...process.env, BBS_LOG_FORMAT: 'text' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitUntilReady(child, () => out, 60_000);
    const line = out.split('\n').find((l) => l.includes('cannot make private'));
    assert.ok(line, out);
    assert.ok(line.includes(join(data, 'bbs.db')), line);
    assert.match(line, new RegExp(`owned by uid 0, the board runs as uid ${nobody.uid}`));
    // What it does own, it did tighten.
    assert.equal(mode(data), '0700');
    assert.match(out, /took group and other access away.*paths=\[[^\]]*"[^"]*\/data"/);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
