import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeHold } from '../../../src/rules/write-quota.js';
import { bodyOverCaps, messageBytes } from '../../../src/rules/message-caps.js';
import { storeFor } from '../../helpers/store-engines.js';

const LIMITS = { postsPerHour: 2, mailPerHour: 0, storagePerUser: 1 };

test('the writing quota every wire asks: the hourly count, then storage, the sysop never held', async (t) => {
  const store = await storeFor(t, 'sqlite');
  const sysop = await store.users.create('sysop', 'password1');
  const made = await store.users.create('writer', 'password1');
  assert.ok(sysop.ok && made.ok);
  const user = made.user;
  const at = new Date(Date.UTC(2026, 0, 1, 12));
  assert.equal(await writeHold(store.quotas, LIMITS, user, 'post', 10, at), null);
  for (let i = 0; i < 2; i++) await store.publicMessages.postMessage({ authorId: user.id, body: 'x'.repeat(100), at, subject: 's' });
  const hourly = await writeHold(store.quotas, LIMITS, user, 'post', 10, at);
  assert.deepEqual(hourly, { kind: 'hourly', count: 2, limit: 2, roomAt: new Date(at.getTime() + 3_600_000) });
  // Mail has its own count (off here), so only storage can hold it: 202 bytes written of 1 KiB.
  assert.equal(await writeHold(store.quotas, LIMITS, user, 'mail', 800, at), null);
  assert.deepEqual(await writeHold(store.quotas, LIMITS, user, 'mail', 900, at), { kind: 'storage', usedBytes: 202, capKiB: 1, full: false });
  const theSysop = await store.users.setLevel(sysop.user.id, 'sysop');
  assert.notEqual(await writeHold(store.quotas, LIMITS, sysop.user, 'post', 1_000_000, at), null);
  assert.equal(await writeHold(store.quotas, LIMITS, theSysop, 'post', 1_000_000, at), null);
});

test('message caps for a body written whole', () => {
  const limits = { messageLines: 3, lineLength: 5 };
  assert.equal(bodyOverCaps('a\nb\nc', limits), null);
  assert.equal(bodyOverCaps('a\nb\nc\nd', limits), '4 lines; a message may have 3');
  assert.equal(bodyOverCaps('12345\n123456', limits), 'line 2 is longer than 5 characters');
  // Characters, not bytes or UTF-16 units.
  assert.equal(bodyOverCaps('ääääö\n🎉🎉🎉🎉🎉', limits), null);
  assert.equal(messageBytes('é', 'ab'), 4);
});
