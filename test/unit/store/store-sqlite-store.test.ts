import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-store-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

void test('the store assembles every repository over one database', async () => {
  const store = openSqliteStore(':memory:');
  try {
    const created = await store.users.create('Ada', 'pw');
    assert.ok(created.ok);
    await store.publicMessages.post(created.user.id, 'first', new Date(1));
    await store.privateMessages.send(created.user.id, created.user.id, 'memo', new Date(2));
    const call = await store.calls.start({ transport: 'ssh', remote: '::1', at: new Date(3) });
    await store.calls.setUser(call, created.user.id);
    assert.equal(await store.publicMessages.count(), 1);
    assert.equal(await store.privateMessages.countUnread(created.user.id), 1);
    assert.equal((await store.calls.recent(1))[0]?.userName, 'Ada');
    await store.areaReads.markRead(created.user.id, 'general', 1);
    assert.equal(await store.areaReads.unreadCount(created.user.id, 'general'), 0);
    await store.oneliners.add(created.user.id, 'hello', new Date(4));
    assert.equal((await store.oneliners.listNewestFirst(1))[0]?.text, 'hello');
    assert.deepEqual(await store.userSettings.update(created.user.id, { theme: 'amber' }), { theme: 'amber' });
    const key = await store.sshKeys.add({ userId: created.user.id, algo: 'ssh-ed25519', fingerprint: 'fp', keyBlob: new Uint8Array([1]), at: new Date(5) });
    assert.ok(key.ok);
    assert.equal((await store.sshKeys.findByFingerprint('fp'))?.userId, created.user.id);
  } finally {
    await store.close();
  }
});

void test('close folds the WAL into the main file and may be called twice', () =>
  withTempDir(async (dir) => {
    const path = join(dir, 'board.db');
    const store = openSqliteStore(path);
    const created = await store.users.create('Ada', 'pw');
    assert.ok(created.ok);
    for (let i = 0; i < 50; i++) await store.publicMessages.post(created.user.id, `m${i}`, new Date(i));
    await store.close();
    await store.close();
    assert.ok(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0);
    const raw = new BetterSqlite3(path, { readonly: true });
    try {
      assert.equal((raw.prepare('SELECT count(*) AS n FROM public_messages').get() as { n: number }).n, 50);
    } finally {
      raw.close();
    }
  }));

void test('backup makes a complete, openable copy while posts continue', () =>
  withTempDir(async (dir) => {
    const store = openSqliteStore(join(dir, 'board.db'));
    try {
      const created = await store.users.create('Ada', 'pw');
      assert.ok(created.ok);
      for (let i = 0; i < 200; i++) await store.publicMessages.post(created.user.id, `m${i}`, new Date(i));
      const copyPath = join(dir, 'copy.db');
      const backup = store.backup(copyPath);
      await store.publicMessages.post(created.user.id, 'during backup', new Date(999));
      await backup;

      const copy = openSqliteStore(copyPath);
      try {
        const count = await copy.publicMessages.count();
        assert.ok(count === 200 || count === 201, `copy holds ${count} messages`);
        assert.equal((await copy.users.verifyPassword('ada', 'pw'))?.name, 'Ada');
      } finally {
        await copy.close();
      }
      const raw = new BetterSqlite3(copyPath, { readonly: true });
      try {
        assert.equal(raw.pragma('user_version', { simple: true }), MIGRATIONS.length);
        assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        raw.close();
      }
      assert.equal(await store.publicMessages.count(), 201);
    } finally {
      await store.close();
    }
  }));
