import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAreaReadRepository } from '../../../src/store/area-reads.js';
import { openDatabase } from '../../../src/store/database.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { PgAreaReadRepository } from '../../../src/store/postgres/pg-area-reads.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { migratePg } from '../../../src/store/postgres/pg-migrate.js';
import { PG_MIGRATIONS } from '../../../src/store/postgres/pg-migrations.js';
import { PgPublicMessageRepository } from '../../../src/store/postgres/pg-public-messages.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';
import type { AreaReadRepository } from '../../../src/store/types/area-reads.js';
import type { PublicMessageRepository } from '../../../src/store/types/public-messages.js';
import { engineDb, seedUser, sqlRows, sqlRun, type EngineDb } from '../../helpers/engine-db.js';
import { freshSchema } from '../../helpers/postgres.js';
import { engineTest } from '../../helpers/store-engines.js';

/** What the per-area totals must be, counted the slow way. */
function countedSlowly(db: EngineDb): Promise<unknown[]> {
  return sqlRows(
    db,
    `SELECT g.area, g.messages, g.last_id, p.created_at AS last_at
     FROM (SELECT area, count(*) AS messages, max(id) AS last_id FROM public_messages GROUP BY area) g
     JOIN public_messages p ON p.id = g.last_id ORDER BY g.area`,
  );
}

function kept(db: EngineDb): Promise<unknown[]> {
  return sqlRows(db, 'SELECT area, messages, last_id, last_at FROM area_stats ORDER BY area');
}

function unreadSlowly(db: EngineDb, userId: number): Promise<Array<{ area: string; unread: number; total: number; lastReadId: number }>> {
  return sqlRows(
    db,
    `SELECT m.area, sum(CASE WHEN m.id > coalesce(r.last_read_id, 0) THEN 1 ELSE 0 END) AS unread, count(*) AS total,
            coalesce(r.last_read_id, 0) AS "lastReadId"
     FROM public_messages m LEFT JOIN area_reads r ON r.user_id = ? AND r.area = m.area
     GROUP BY m.area, r.last_read_id ORDER BY m.area`,
    [userId],
  );
}

function scratch(): { path: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-area-stats-'));
  return { path: join(dir, 'bbs.db'), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

const BEFORE_TOTALS = MIGRATIONS.findIndex((m) => m.name.startsWith('area totals'));

/** A database as it was just before the area totals came, and how to bring it to the newest schema. */
async function boardBeforeTotals(t: TestContext, engine: EngineDb['engine']): Promise<{ before: EngineDb; upgraded: () => Promise<EngineDb> }> {
  if (engine === 'sqlite') {
    const tmp = scratch();
    t.after(() => tmp[Symbol.dispose]());
    const before = { engine, sqlite: openDatabase(tmp.path, { migrateTo: BEFORE_TOTALS }) };
    return {
      before,
      upgraded: () => {
        before.sqlite.close();
        const sqlite = openDatabase(tmp.path);
        t.after(() => sqlite.close());
        return Promise.resolve({ engine, sqlite });
      },
    };
  }
  const { url, schema } = await freshSchema();
  const pg = PgDatabase.open(url, { schema, max: 2 });
  t.after(() => pg.close());
  await migratePg(pg, PG_MIGRATIONS, BEFORE_TOTALS);
  const db: EngineDb = { engine, pg };
  return {
    before: db,
    upgraded: async () => {
      await migratePg(pg);
      return db;
    },
  };
}

engineTest('the migration counts the messages a board already has', async (t, engine) => {
  const { before, upgraded } = await boardBeforeTotals(t, engine);
  await sqlRun(before, "INSERT INTO users (id, name, name_key, password_hash, created_at) VALUES (1, 'Ann', 'ann', 'x', 1)");
  await sqlRun(
    before,
    `INSERT INTO public_messages (id, author_id, created_at, body, area) VALUES
      (1, 1, 100, 'a', 'general'), (2, 1, 200, 'b', 'retro'), (3, 1, 300, 'c', 'general'), (7, 1, 250, 'd', 'general')`,
  );
  const db = await upgraded();
  assert.deepEqual(await kept(db), [
    { area: 'general', messages: 3, last_id: 7, last_at: 250 },
    { area: 'retro', messages: 1, last_id: 2, last_at: 200 },
  ]);
  assert.deepEqual(await kept(db), await countedSlowly(db));
});

function reposFor(db: EngineDb): { publicMessages: PublicMessageRepository; areaReads: AreaReadRepository } {
  return db.engine === 'sqlite'
    ? { publicMessages: new SqlitePublicMessageRepository(db.sqlite), areaReads: new SqliteAreaReadRepository(db.sqlite) }
    : { publicMessages: new PgPublicMessageRepository(db.pg), areaReads: new PgAreaReadRepository(db.pg) };
}

engineTest('totals and unread counts stay exact through random posts, deletions, moves and reading', async (t, engine) => {
  const db = await engineDb(t, engine);
  const store = reposFor(db);
  const users = [];
  for (const name of ['Ann', 'Bob', 'Cy']) users.push(await seedUser(db, name));
  const areas = ['general', 'retro', 'sysop'];
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let step = 0; step < 400; step++) {
    const ids = (await sqlRows<{ id: number }>(db, 'SELECT id FROM public_messages')).map((r) => r.id);
    const roll = random(10);
    if (roll < 6 || ids.length === 0) {
      await store.publicMessages.postMessage({ authorId: users[random(3)]!, body: `m${step}`, at: new Date(1000 + random(5000)), area: areas[random(3)]! });
    } else if (roll < 7) {
      await sqlRun(db, 'DELETE FROM public_messages WHERE id = ? AND id NOT IN (SELECT parent_id FROM public_messages WHERE parent_id IS NOT NULL)', [ids[random(ids.length)]!]);
    } else if (roll < 8) {
      await sqlRun(db, 'UPDATE public_messages SET area = ? WHERE id = ?', [areas[random(3)]!, ids[random(ids.length)]!]);
    } else {
      const user = users[random(3)]!;
      await store.areaReads.markRead(user, areas[random(3)]!, ids[random(ids.length)]!);
    }
    assert.deepEqual(await kept(db), await countedSlowly(db), `totals after step ${step}`);
    for (const user of users) {
      const slowly = await unreadSlowly(db, user);
      assert.deepEqual(await store.areaReads.unreadCounts(user), slowly, `unread for ${user} after step ${step}`);
      for (const area of areas) {
        const expected = slowly.find((row) => row.area === area)?.unread ?? 0;
        assert.equal(await store.areaReads.unreadCount(user, area), expected);
      }
    }
    const [total] = await sqlRows<{ n: number }>(db, 'SELECT count(*) AS n FROM public_messages');
    assert.equal(await store.publicMessages.count(), total!.n);
  }
  const summaries = await store.publicMessages.areas();
  assert.deepEqual(
    summaries.map((s) => ({ area: s.area, messages: s.count, last_id: s.lastId, last_at: s.lastPostedAt.getTime() })),
    await countedSlowly(db),
  );
});

engineTest('totals stay exact when one statement posts, moves or deletes many messages across areas at once', async (t, engine) => {
  const db = await engineDb(t, engine);
  const store = reposFor(db);
  const ann = await seedUser(db, 'Ann');
  const areas = ['general', 'retro', 'sysop'];
  // Posts sent together: one batch, one statement on PostgreSQL.
  await Promise.all(Array.from({ length: 60 }, (_, i) => store.publicMessages.postMessage({ authorId: ann, body: `m${i}`, at: new Date(1000 + i), area: areas[i % 3]! })));
  assert.deepEqual(await kept(db), await countedSlowly(db), 'after the batch');
  await sqlRun(db, "UPDATE public_messages SET area = 'retro' WHERE area = 'general' AND id % 2 = 0");
  assert.deepEqual(await kept(db), await countedSlowly(db), 'after moving half of one area');
  await sqlRun(db, "UPDATE public_messages SET area = CASE area WHEN 'retro' THEN 'sysop' WHEN 'sysop' THEN 'general' ELSE area END WHERE id % 5 = 0");
  assert.deepEqual(await kept(db), await countedSlowly(db), 'after a rotation between areas');
  await sqlRun(db, 'DELETE FROM public_messages WHERE id % 3 = 0');
  assert.deepEqual(await kept(db), await countedSlowly(db), 'after deleting a third');
  await sqlRun(db, "DELETE FROM public_messages WHERE area = 'sysop'");
  assert.deepEqual(await kept(db), await countedSlowly(db), 'after emptying an area');
  await sqlRun(db, "UPDATE public_messages SET body = 'edited'");
  assert.deepEqual(await kept(db), await countedSlowly(db), 'an edit that moves nothing changes nothing');
});
