import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteUserSettingsRepository } from '../../../src/store/user-settings.js';

function setup(): { close: () => void; settings: SqliteUserSettingsRepository; userId: number } {
  const db = openDatabase(':memory:');
  const row = db
    .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Ann', 'ann', 'x', 0) RETURNING id")
    .get() as { id: number };
  return { close: () => db.close(), settings: new SqliteUserSettingsRepository(db), userId: row.id };
}

void test('a user without saved settings gets an empty object', async () => {
  const { close, settings, userId } = setup();
  try {
    assert.deepEqual(await settings.get(userId), {});
  } finally {
    close();
  }
});

void test('set replaces, update merges', async () => {
  const { close, settings, userId } = setup();
  try {
    await settings.set(userId, { theme: 'amber', cols: 80, hotkeys: true, nested: { a: [1, 2] } });
    assert.deepEqual(await settings.get(userId), { theme: 'amber', cols: 80, hotkeys: true, nested: { a: [1, 2] } });
    const merged = await settings.update(userId, { cols: 132, pager: null });
    assert.deepEqual(merged, { theme: 'amber', cols: 132, hotkeys: true, nested: { a: [1, 2] }, pager: null });
    assert.deepEqual(await settings.get(userId), merged);
    await settings.set(userId, { theme: 'green' });
    assert.deepEqual(await settings.get(userId), { theme: 'green' });
  } finally {
    close();
  }
});

void test('settings for a user that does not exist are refused', async () => {
  const { close, settings } = setup();
  try {
    await assert.rejects(settings.set(9999, { theme: 'x' }), /FOREIGN KEY/);
  } finally {
    close();
  }
});
