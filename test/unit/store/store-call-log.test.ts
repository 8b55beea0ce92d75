import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteCallLogRepository } from '../../../src/store/call-log.js';
import { PgCallLogRepository } from '../../../src/store/postgres/pg-call-log.js';
import type { CallLogRepository } from '../../../src/store/types/call-log.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { pgUserSeeder, sqliteUserSeeder, type SeedUser } from '../../helpers/seed-user.js';

interface Calls {
  calls: CallLogRepository;
  seedUser: SeedUser;
}


async function repoFor(t: TestContext, engine: Engine): Promise<Calls> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    return { calls: new SqliteCallLogRepository(db), seedUser: sqliteUserSeeder(db) };
  }
  const db = await pgTestDatabase(t);
  return { calls: new PgCallLogRepository(db), seedUser: pgUserSeeder(db) };
}

engineTest('a call is started, given a user, ended, and listed newest first', async (t, engine) => {
  const { calls, seedUser } = await repoFor(t, engine);
  const user = { id: await seedUser('Ann') };
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
  assert.equal(await calls.count(), 2);
});

engineTest('calls logged before the reasons had one vocabulary read in today\'s words', async (t, engine) => {
  const { calls } = await repoFor(t, engine);
  const words = ['quit', 'hangup', 'grace', 'idle', 'not reading'];
  for (const [i, word] of words.entries()) await calls.end(await calls.start({ transport: 'telnet', remote: '10.0.0.1', at: new Date(i) }), word, new Date(i + 1));
  assert.deepEqual(
    (await calls.recent(10)).map((c) => c.outcome).reverse(),
    ['goodbye', 'line dropped', 'login time', 'idle', 'not reading'],
  );
});

void test('two hosts logging calls at once: every call its own row, and the first end of a call wins on either host', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const hosts = await pgHosts(t, 2, 6);
  const [a, b] = hosts.map((h) => new PgCallLogRepository(h)) as [PgCallLogRepository, PgCallLogRepository];
  const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).start({ transport: 'telnet', remote: `10.0.0.${i}`, at: new Date(i) })));
  assert.equal(new Set(ids).size, 100);
  assert.equal(await b.count(), 100);
  const call = ids[0]!;
  await Promise.all([a.end(call, 'goodbye', new Date(500)), b.end(call, 'line dropped', new Date(501))]);
  const ended = (await a.recent(100)).find((c) => c.id === call);
  const kept = ended?.outcome === 'goodbye' ? 500 : 501;
  assert.equal(ended?.endedAt?.getTime(), kept, 'the outcome and the time come from the same end');
  await b.end(call, 'idle', new Date(900));
  assert.equal((await b.recent(100)).find((c) => c.id === call)?.endedAt?.getTime(), kept);
});
