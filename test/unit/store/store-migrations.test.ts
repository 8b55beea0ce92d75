import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SchemaTooNewError, schemaVersion } from '../../../src/store/migrate.js';
import { MIGRATIONS, type Migration } from '../../../src/store/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-store-'));
  return { dir, [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function tables(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

void test('an empty file is migrated to the newest version, in WAL mode', () => {
  using tmp = tempDir();
  const db = openDatabase(join(tmp.dir, 'board.db'));
  try {
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.ok(MIGRATIONS.length >= 2);
    for (const table of ['users', 'public_messages', 'private_messages', 'call_log', 'area_reads', 'oneliners', 'user_settings', 'ssh_keys']) {
      assert.ok(tables(db).includes(table), `missing table ${table}`);
    }
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 1000);
  } finally {
    db.close();
  }
});

void test('reopening a current database changes nothing', () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'board.db');
  openDatabase(path).close();
  const db = openDatabase(path);
  try {
    assert.equal(schemaVersion(db), MIGRATIONS.length);
  } finally {
    db.close();
  }
});

void test('a version 1 database upgrades to the newest with its rows intact', () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'board.db');
  const old = openDatabase(path, { migrateTo: 1 });
  assert.equal(schemaVersion(old), 1);
  old.exec(`
    INSERT INTO users (id, name, name_key, password_hash, created_at, calls) VALUES (1, 'Old', 'old', 'scrypt$x', 10, 3);
    INSERT INTO public_messages (id, author_id, created_at, body) VALUES (1, 1, 20, 'from the old days');
    INSERT INTO private_messages (id, sender_id, recipient_id, created_at, body, read) VALUES (1, 1, 1, 30, 'note to self', 1);
    INSERT INTO call_log (id, user_id, transport, remote, started_at) VALUES (1, 1, 'telnet', '::1', 5);
  `);
  old.close();

  const db = openDatabase(path);
  try {
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.deepEqual(
      { ...(db.prepare('SELECT name, name_key, password_hash, created_at, calls, level, banned FROM users').get() as object) },
      { name: 'Old', name_key: 'old', password_hash: 'scrypt$x', created_at: 10, calls: 3, level: 'new', banned: 0 },
    );
    assert.deepEqual(
      { ...(db.prepare('SELECT author_id, created_at, body FROM public_messages').get() as object) },
      { author_id: 1, created_at: 20, body: 'from the old days' },
    );
    assert.deepEqual(
      { ...(db.prepare('SELECT sender_id, recipient_id, body, read FROM private_messages').get() as object) },
      { sender_id: 1, recipient_id: 1, body: 'note to self', read: 1 },
    );
    assert.equal((db.prepare('SELECT transport FROM call_log').get() as { transport: string }).transport, 'telnet');

    // Version 2 columns arrive with their defaults on the old rows.
    assert.equal((db.prepare('SELECT profile FROM users').get() as { profile: unknown }).profile, null);
    assert.deepEqual(
      { ...(db.prepare('SELECT area, subject, parent_id FROM public_messages').get() as object) },
      { area: 'general', subject: null, parent_id: null },
    );
    assert.deepEqual(
      { ...(db.prepare('SELECT subject, deleted_by_recipient FROM private_messages').get() as object) },
      { subject: null, deleted_by_recipient: 0 },
    );
    for (const table of ['area_reads', 'oneliners', 'user_settings', 'ssh_keys']) {
      assert.ok(tables(db).includes(table), `missing table ${table}`);
    }
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});

void test('a database newer than the code is refused and left byte for byte unchanged', () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'future.db');
  const future = new BetterSqlite3(path);
  future.exec("CREATE TABLE things (x TEXT); INSERT INTO things VALUES ('keep me');");
  future.pragma(`user_version = ${MIGRATIONS.length + 5}`);
  future.close();
  const digest = (): string => createHash('sha256').update(readFileSync(path)).digest('hex');
  const before = digest();

  assert.throws(
    () => openDatabase(path),
    (err: unknown) => {
      assert.ok(err instanceof SchemaTooNewError);
      assert.equal(err.found, MIGRATIONS.length + 5);
      assert.equal(err.known, MIGRATIONS.length);
      assert.match(err.message, new RegExp(`\\b${MIGRATIONS.length + 5}\\b`));
      assert.match(err.message, new RegExp(`\\b${MIGRATIONS.length}\\b`));
      return true;
    },
  );
  assert.equal(digest(), before);
  assert.equal(existsSync(`${path}-wal`), false);
  const check = new BetterSqlite3(path, { readonly: true });
  try {
    assert.equal(check.pragma('user_version', { simple: true }), MIGRATIONS.length + 5);
    assert.deepEqual(tables(check), ['things']);
  } finally {
    check.close();
  }
});

void test('a migration that fails leaves the previous version and no half-made tables', () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'board.db');
  const broken: Migration = {
    name: 'fails half way',
    up(db) {
      db.exec('CREATE TABLE half_made (x INTEGER)');
      throw new Error('boom');
    },
  };
  assert.throws(() => openDatabase(path, { migrations: [...MIGRATIONS, broken] }), /boom/);
  const db = openDatabase(path);
  try {
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.ok(!tables(db).includes('half_made'));
  } finally {
    db.close();
  }
});

void test('upgrading recomputes the look-alike skeletons of the accounts a board already has', async () => {
  using tmp = tempDir();
  const path = join(tmp.dir, 'bbs.db');
  const before = MIGRATIONS.findIndex((m) => m.name.startsWith('name skeletons from the whole'));
  const old = openDatabase(path, { migrateTo: before });
  // What the earlier skeleton stored: it knew nothing of the Latin alpha.
  old.exec("INSERT INTO users (id, name, name_key, name_skeleton, password_hash, created_at) VALUES (1, '\u0251lice', '\u0251lice', '\u0251llce', 'x', 1)");
  old.close();
  const store = openSqliteStore(path);
  try {
    assert.equal((await store.users.findLookalike('alice'))?.name, '\u0251lice');
  } finally {
    await store.close();
  }
});
