import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/logger.js';
import { startBoard } from '../../../src/main.js';
import { openDatabase } from '../../../src/store/database.js';
import { schemaVersion } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { bbsArgv, ROOT } from '../../helpers/spawned-board.js';

const LATEST = MIGRATIONS.length;
const PREVIOUS = LATEST - 1;

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-upgrade-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A board database as the previous release left it, with a caller and a message in it. */
function previousReleaseDatabase(path: string): void {
  const db = openDatabase(path, { migrateTo: PREVIOUS });
  try {
    assert.equal(schemaVersion(db), PREVIOUS);
    db.exec(`
      INSERT INTO users (id, name, name_key, password_hash, created_at, calls) VALUES (1, 'Oldtimer', 'oldtimer', 'scrypt$kept', 10, 7);
      INSERT INTO public_messages (id, author_id, created_at, body) VALUES (1, 1, 20, 'posted before the upgrade');
    `);
  } finally {
    db.close();
  }
}

function readBack(path: string): { version: number; user: unknown; body: unknown } {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return {
      version: schemaVersion(db),
      user: { ...(db.prepare('SELECT name, password_hash, calls FROM users WHERE id = 1').get() as object) },
      body: (db.prepare('SELECT body FROM public_messages WHERE id = 1').get() as { body: string }).body,
    };
  } finally {
    db.close();
  }
}

const KEPT = { user: { name: 'Oldtimer', password_hash: 'scrypt$kept', calls: 7 }, body: 'posted before the upgrade' };

void test('opening a previous-version database copies it aside first, then upgrades it with its data intact', async () => {
  assert.ok(LATEST >= 2, 'there is a previous version to upgrade from');
  using tmp = tempDir();
  const path = join(tmp.dir, 'bbs.db');
  const backups = join(tmp.dir, 'backups');
  previousReleaseDatabase(path);

  const told: string[] = [];
  const store = openSqliteStore(path, { backupBeforeMigrate: backups, onBackup: (p) => told.push(p) });
  await store.close();

  assert.deepEqual(readBack(path), { version: LATEST, ...KEPT });
  const files = readdirSync(backups);
  assert.equal(files.length, 1);
  assert.match(files[0]!, new RegExp(`^bbs-v${PREVIOUS}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z\\.db$`));
  assert.deepEqual(told, [join(backups, files[0]!)]);
  // The copy is the database as it was before the migration ran.
  assert.deepEqual(readBack(join(backups, files[0]!)), { version: PREVIOUS, ...KEPT });
});

void test('startBoard upgrades the data folder database and leaves the copy in DATA/backups', async () => {
  using tmp = tempDir();
  previousReleaseDatabase(join(tmp.dir, 'bbs.db'));
  const off = { 'json-port': 'off', 'telnet-port': 'off', 'ssh-port': 'off', 'http-port': 'off', 'nntp-port': 'off' };
  const config = await loadConfig({ flags: { data: tmp.dir, ...off }, env: {} });
  const board = await startBoard(config, silentLogger);
  await board.stop();
  assert.deepEqual(readBack(join(tmp.dir, 'bbs.db')), { version: LATEST, ...KEPT });
  const copies = readdirSync(join(tmp.dir, 'backups'));
  assert.equal(copies.length, 1);
  assert.deepEqual(readBack(join(tmp.dir, 'backups', copies[0]!)), { version: PREVIOUS, ...KEPT });
});

void test('no copy is made of a new database or of one that is already current', async () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'bbs.db');
  const backups = join(tmp.dir, 'backups');
  await openSqliteStore(path, { backupBeforeMigrate: backups }).close();
  await openSqliteStore(path, { backupBeforeMigrate: backups }).close();
  assert.throws(() => readdirSync(backups), /ENOENT/);
});

void test('bbs serve refuses a database from a newer version: plain message naming both versions, no stack, exit 1, file untouched', { timeout: 30_000 }, async () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'bbs.db');
  const db = openDatabase(path);
  db.pragma(`user_version = ${LATEST + 1}`);
  db.pragma('journal_mode = DELETE');
  db.close();
  const before = readFileSync(path);

  const { code, output } = await runServe(tmp.dir);
  assert.equal(code, 1, output);
  assert.match(output, new RegExp(`schema version ${LATEST + 1}\\b`));
  assert.match(output, new RegExp(`\\(version ${LATEST}\\)`));
  assert.match(output, /bbs serve: .*bbs\.db: /);
  assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(output, /listening|board ready/);
  assert.ok(readFileSync(path).equals(before), 'the newer database is left exactly as it was');
  assert.throws(() => readdirSync(join(tmp.dir, 'backups')), /ENOENT/);
});

function runServe(data: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const ports = ['--json-port', '0', '--telnet-port', '0', '--ssh-port', 'off', '--http-port', 'off', '--nntp-port', 'off'];
    const child = spawn(process.execPath, [...bbsArgv(), 'serve', '--data', data, '--host', '127.0.0.1', ...ports], {
      cwd: ROOT,
      env: { ...process.env, BBS_LOG_FORMAT: 'text' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bbs serve kept running on a too-new database:\n${output}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
