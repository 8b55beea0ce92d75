import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteCallLogRepository } from '../../../src/store/call-log.js';
import { openDatabase } from '../../../src/store/database.js';

void test('a call is started, given a user, ended, and listed newest first', async () => {
  const db = openDatabase(':memory:');
  try {
    const user = db
      .prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Ann', 'ann', 'x', 0) RETURNING id")
      .get() as { id: number };
    const calls = new SqliteCallLogRepository(db);
    const first = await calls.start({ transport: 'telnet', remote: '10.0.0.1', at: new Date(100) });
    const second = await calls.start({ transport: 'ssh', remote: '10.0.0.2', at: new Date(200) });
    await calls.setUser(first, user.id);
    await calls.end(first, 'logoff', new Date(150));
    await calls.end(first, 'hangup', new Date(160));

    const recent = await calls.recent(10);
    assert.deepEqual(
      recent.map((c) => c.id),
      [second, first],
    );
    assert.deepEqual(recent[1], {
      id: first,
      userId: user.id,
      userName: 'Ann',
      transport: 'telnet',
      remote: '10.0.0.1',
      startedAt: new Date(100),
      endedAt: new Date(150),
      outcome: 'logoff',
    });
    assert.equal(recent[0]?.userId, null);
    assert.equal(recent[0]?.userName, null);
    assert.equal(recent[0]?.endedAt, null);
    assert.equal((await calls.recent(1)).length, 1);
  } finally {
    db.close();
  }
});

void test('calls logged before the reasons had one vocabulary read in today\'s words', async () => {
  const db = openDatabase(':memory:');
  try {
    const calls = new SqliteCallLogRepository(db);
    const words = ['quit', 'hangup', 'grace', 'idle', 'not reading'];
    for (const [i, word] of words.entries()) await calls.end(await calls.start({ transport: 'telnet', remote: '10.0.0.1', at: new Date(i) }), word, new Date(i + 1));
    assert.deepEqual(
      (await calls.recent(10)).map((c) => c.outcome).reverse(),
      ['goodbye', 'line dropped', 'login time', 'idle', 'not reading'],
    );
  } finally {
    db.close();
  }
});
