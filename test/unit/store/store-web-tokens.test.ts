import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { SqliteWebTokenRepository } from '../../../src/store/web-tokens.js';
import { PgWebTokenRepository } from '../../../src/store/postgres/pg-web-tokens.js';
import type { WebTokenRepository } from '../../../src/store/types/web-tokens.js';
import { openDatabase } from '../../../src/store/database.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';

async function repoFor(t: TestContext, engine: Engine): Promise<WebTokenRepository> {
  return engine === 'sqlite' ? new SqliteWebTokenRepository(sqliteTestDatabase(t)) : new PgWebTokenRepository(await pgTestDatabase(t));
}

/** Two connections to one database, as two hosts of one board have. */
async function twoHostsFor(t: TestContext, engine: Engine): Promise<[WebTokenRepository, WebTokenRepository]> {
  if (engine === 'postgres') {
    const db = await pgTestDatabase(t, { max: 4 });
    return [new PgWebTokenRepository(db), new PgWebTokenRepository(db)];
  }
  const dir = await mkdtemp(join(tmpdir(), 'bbs-web-tokens-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const one = openDatabase(join(dir, 'bbs.db'));
  const two = openDatabase(join(dir, 'bbs.db'));
  t.after(() => {
    one.close();
    two.close();
  });
  return [new SqliteWebTokenRepository(one), new SqliteWebTokenRepository(two)];
}

const now = new Date('2024-05-01T12:00:00Z');
const later = new Date(now.getTime() + 600_000);

engineTest('a token is spent once: the first spend says so, every later one does not', async (t, engine) => {
  const tokens = await repoFor(t, engine);
  assert.equal(await tokens.isSpent('abc'), false);
  assert.equal(await tokens.spend('abc', later, now), true);
  assert.equal(await tokens.isSpent('abc'), true);
  assert.equal(await tokens.spend('abc', later, now), false);
  assert.equal(await tokens.isSpent('abd'), false, 'another token is untouched');
});

engineTest('two hosts spending one token at once: exactly one of them wins', async (t, engine) => {
  const [a, b] = await twoHostsFor(t, engine);
  const results = await Promise.all([a.spend('race', later, now), b.spend('race', later, now), a.spend('race', later, now), b.spend('race', later, now)]);
  assert.equal(results.filter(Boolean).length, 1, `one winner: ${JSON.stringify(results)}`);
  assert.equal(await b.isSpent('race'), true);
});

engineTest('rows of tokens past their expiry are cleared by the next spend', async (t, engine) => {
  const tokens = await repoFor(t, engine);
  assert.equal(await tokens.spend('old', now, new Date(now.getTime() - 1000)), true);
  assert.equal(await tokens.isSpent('old'), true);
  // The token itself has expired by now, so forgetting it lets nothing in again.
  await tokens.spend('new', later, new Date(now.getTime() + 1));
  assert.equal(await tokens.isSpent('old'), false);
  assert.equal(await tokens.isSpent('new'), true);
});
