import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteNodeBlockRepository } from '../../../src/store/node-blocks.js';
import { PgNodeBlockRepository } from '../../../src/store/postgres/pg-node-blocks.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { openDatabase } from '../../../src/store/database.js';
import { migratePg } from '../../../src/store/postgres/pg-migrate.js';
import { freshSchema } from '../../helpers/postgres.js';
import type { NodeBlockRepository } from '../../../src/store/types/node-blocks.js';
import { claimFirstNode } from '../../../src/nodes/node-block.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function repoFor(t: TestContext, engine: Engine): Promise<NodeBlockRepository> {
  return engine === 'sqlite' ? new SqliteNodeBlockRepository(sqliteTestDatabase(t)) : new PgNodeBlockRepository(await pgTestDatabase(t));
}

/** Two connections to one database, as two hosts starting at once have. */
async function twoHostsFor(t: TestContext, engine: Engine): Promise<[NodeBlockRepository, NodeBlockRepository]> {
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'bbs-blocks-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'bbs.db');
    const one = openDatabase(path);
    const two = openDatabase(path);
    t.after(() => {
      one.close();
      two.close();
    });
    return [new SqliteNodeBlockRepository(one), new SqliteNodeBlockRepository(two)];
  }
  // Two pools on one schema: each its own connections, as each host has.
  const { url, schema } = await freshSchema();
  const [one, two] = [PgDatabase.open(url, { schema, max: 4 }), PgDatabase.open(url, { schema, max: 4 })];
  t.after(() => Promise.all([one.close(), two.close()]));
  await migratePg(one);
  return [new PgNodeBlockRepository(one), new PgNodeBlockRepository(two)];
}

const AT = new Date('2026-12-03T00:00:00Z');

engineTest('each host id gets its own block, the lowest free one, and the same one again', async (t, engine) => {
  const blocks = await repoFor(t, engine);
  assert.equal(await blocks.claim('east', 100, AT), 0);
  assert.equal(await blocks.claim('west', 100, AT), 1);
  assert.equal(await blocks.claim('east', 100, AT), 0, 'a restarted host keeps its block');
  assert.equal(await blocks.claim('north', 100, AT), 2);
  assert.equal(await blocks.claim('west', 100, AT), 1);
});

engineTest('no block is left when every one is held: null, and the holders keep theirs', async (t, engine) => {
  const blocks = await repoFor(t, engine);
  assert.equal(await blocks.claim('a', 2, AT), 0);
  assert.equal(await blocks.claim('b', 2, AT), 1);
  assert.equal(await blocks.claim('c', 2, AT), null);
  assert.equal(await blocks.claim('b', 2, AT), 1);
  await assert.rejects(claimFirstNode({ claim: () => Promise.resolve(null) }, 'c'), /blocks of node numbers is held by another host id/);
});

engineTest('hosts claiming at the same moment through their own connections get different blocks', async (t, engine) => {
  const [one, two] = await twoHostsFor(t, engine);
  const hosts = Array.from({ length: 8 }, (_, i) => `host-${i}`);
  const got = await Promise.all(hosts.map((h, i) => (i % 2 ? one : two).claim(h, 100, AT)));
  assert.deepEqual([...got].sort((a, b) => a! - b!), [0, 1, 2, 3, 4, 5, 6, 7]);
  // And each keeps its own, whichever connection asks.
  for (const [i, h] of hosts.entries()) assert.equal(await (i % 2 ? two : one).claim(h, 100, AT), got[i]);
});

engineTest('the first node number of a host is its block times a hundred, plus one', async (t, engine) => {
  const blocks = await repoFor(t, engine);
  assert.equal(await claimFirstNode(blocks, 'east'), 1);
  assert.equal(await claimFirstNode(blocks, 'west'), 101);
  assert.equal(await claimFirstNode(blocks, 'east'), 1);
});
