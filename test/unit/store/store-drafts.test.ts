import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DRAFT_MAX_LINES, type Draft } from '../../../src/session/draft.js';
import { SqliteDraftRepository } from '../../../src/store/drafts.js';
import { PgDraftRepository } from '../../../src/store/postgres/pg-drafts.js';
import type { DraftRepository } from '../../../src/store/types/drafts.js';
import { engineDb, seedUser, sqlRun, type EngineDb } from '../../helpers/engine-db.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { engineTest } from '../../helpers/store-engines.js';

function repoFor(db: EngineDb): DraftRepository {
  return db.engine === 'sqlite' ? new SqliteDraftRepository(db.sqlite) : new PgDraftRepository(db.pg);
}

const REPLY: Draft = { kind: 'reply', area: 'retro', parentId: 7, subject: 'Re: C64', lines: ['> quoted', 'my answer'], quoted: 1 };

engineTest('a kept draft is taken once, by its own account', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const bob = await seedUser(db, 'Bob');
  const drafts = repoFor(db);
  await drafts.keep(alice, REPLY, new Date(1));
  assert.equal(await drafts.take(bob), null);
  assert.deepEqual(await drafts.take(alice), REPLY);
  assert.equal(await drafts.take(alice), null, 'taking removes it');
});

engineTest('one draft per account: a newer one replaces it', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const drafts = repoFor(db);
  await drafts.keep(alice, REPLY, new Date(1));
  const mail: Draft = { kind: 'mail', recipientId: 3, subject: null, lines: ['hi'], quoted: 0 };
  await drafts.keep(alice, mail, new Date(2));
  assert.deepEqual(await drafts.take(alice), mail);
  assert.equal(await drafts.take(alice), null);
});

engineTest('what is not a draft is not kept, and an oversized one is cut to the caps', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const drafts = repoFor(db);
  await drafts.keep(alice, { kind: 'poem', lines: [] } as unknown as Draft, new Date(1));
  assert.equal(await drafts.take(alice), null);
  const lines = Array.from({ length: DRAFT_MAX_LINES + 5 }, (_, i) => `line ${i}`);
  await drafts.keep(alice, { kind: 'post', area: 'general', subject: 's'.repeat(500), lines, quoted: 99_999 }, new Date(1));
  const back = await drafts.take(alice);
  assert.equal(back?.lines.length, DRAFT_MAX_LINES);
  assert.equal(back?.subject?.length, 200);
  assert.equal(back?.quoted, DRAFT_MAX_LINES);
});

engineTest('a kept row that is not a draft is taken away and read as none', async (t, engine) => {
  const db = await engineDb(t, engine);
  const alice = await seedUser(db, 'Alice');
  const drafts = repoFor(db);
  await sqlRun(db, 'INSERT INTO drafts (user_id, draft, saved_at) VALUES (?, ?, 1)', [alice, '{not json']);
  assert.equal(await drafts.take(alice), null);
  await sqlRun(db, 'INSERT INTO drafts (user_id, draft, saved_at) VALUES (?, ?, 1)', [alice, '["post"]']);
  assert.equal(await drafts.take(alice), null);
  await drafts.keep(alice, REPLY, new Date(2));
  assert.deepEqual(await drafts.take(alice), REPLY, 'the bad rows are gone: a new draft takes their place');
});

engineTest('a draft for an account that does not exist is refused', async (t, engine) => {
  const db = await engineDb(t, engine);
  await assert.rejects(repoFor(db).keep(42, REPLY, new Date(1)), /foreign key/i);
});

void test('two hosts offering one draft at once: exactly one of them gets it', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const pools = await pgHosts(t);
  const alice = await seedUser({ engine: 'postgres', pg: pools[0]! }, 'Ann');
  const hosts = pools.map((pool) => new PgDraftRepository(pool));
  for (let round = 0; round < 20; round++) {
    await hosts[round % 2]!.keep(alice, { ...REPLY, lines: [`round ${round}`] }, new Date(round));
    const taken = await Promise.all([hosts[0]!.take(alice), hosts[1]!.take(alice), hosts[0]!.take(alice), hosts[1]!.take(alice)]);
    assert.deepEqual(
      taken.filter((draft) => draft !== null).map((draft) => draft.lines),
      [[`round ${round}`]],
      `round ${round}`,
    );
  }
});
