import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

const T0 = new Date('2026-12-03T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

void test('sign-ups are counted per registering address within the window, with the row that must age out for room', async () => {
  const store = openSqliteStore(':memory:');
  try {
    await store.users.create('One', 'pw', { at: at(0), from: '10.0.0.7' });
    await store.users.create('Two', 'pw', { at: at(10), from: '10.0.0.7' });
    await store.users.create('Three', 'pw', { at: at(20), from: '10.0.0.7' });
    await store.users.create('Other', 'pw', { at: at(20), from: '10.0.0.8' });
    await store.users.create('ByHand', 'pw', { at: at(20) });
    assert.deepEqual(await store.quotas.signupsFrom('10.0.0.7', at(-1), 4), { count: 3, roomAfter: null });
    assert.deepEqual(await store.quotas.signupsFrom('10.0.0.7', at(-1), 3), { count: 3, roomAfter: at(0) });
    // Over a lowered limit, room comes only when enough have aged out.
    assert.deepEqual(await store.quotas.signupsFrom('10.0.0.7', at(-1), 2), { count: 3, roomAfter: at(10) });
    assert.deepEqual(await store.quotas.signupsFrom('10.0.0.7', at(5), 2), { count: 2, roomAfter: at(10) });
    assert.equal((await store.quotas.signupsFrom('10.0.0.8', at(-1), 3)).count, 1);
  } finally {
    await store.close();
  }
});

void test('posts and mail are counted per writer by time, and storage in UTF-8 bytes of subjects and bodies, sent mail included', async () => {
  const store = openSqliteStore(':memory:');
  try {
    const a = await store.users.create('Ann', 'pw');
    const b = await store.users.create('Ben', 'pw');
    assert.ok(a.ok && b.ok);
    const ann = a.user.id;
    const ben = b.user.id;
    await store.publicMessages.postMessage({ authorId: ann, body: 'héllo', at: at(0), subject: 'ünï' });
    await store.publicMessages.postMessage({ authorId: ann, body: 'again', at: at(30) });
    await store.publicMessages.postMessage({ authorId: ben, body: 'not Ann', at: at(30) });
    await store.privateMessages.send(ann, ben, 'ß', at(40), null);
    assert.deepEqual(await store.quotas.postsBy(ann, at(-1), 2), { count: 2, roomAfter: at(0) });
    assert.deepEqual(await store.quotas.postsBy(ann, at(1), 2), { count: 1, roomAfter: null });
    assert.deepEqual(await store.quotas.mailBy(ann, at(-1), 1), { count: 1, roomAfter: at(40) });
    assert.deepEqual(await store.quotas.mailBy(ben, at(-1), 1), { count: 0, roomAfter: null });
    // héllo 6 + ünï 5 + again 5 + ß 2: bytes, not characters.
    assert.equal(await store.quotas.bytesWritten(ann), 18);
    assert.equal(await store.quotas.bytesWritten(ben), 7);
  } finally {
    await store.close();
  }
});
