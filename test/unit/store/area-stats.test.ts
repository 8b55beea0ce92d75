import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { createSqliteStore } from '../../../src/store/sqlite-store.js';

/** What the per-area totals must be, counted the slow way. */
function countedSlowly(db: Database): unknown[] {
  return db
    .prepare(
      `SELECT g.area, g.messages, g.last_id, p.created_at AS last_at
       FROM (SELECT area, count(*) AS messages, max(id) AS last_id FROM public_messages GROUP BY area) g
       JOIN public_messages p ON p.id = g.last_id ORDER BY g.area`,
    )
    .all()
    .map((row) => ({ ...(row as object) }));
}

function kept(db: Database): unknown[] {
  return db
    .prepare('SELECT area, messages, last_id, last_at FROM area_stats ORDER BY area')
    .all()
    .map((row) => ({ ...(row as object) }));
}

function unreadSlowly(db: Database, userId: number): Array<{ area: string; unread: number; total: number; lastReadId: number }> {
  return (
    db
      .prepare(
        `SELECT m.area, sum(m.id > coalesce(r.last_read_id, 0)) AS unread, count(*) AS total, coalesce(r.last_read_id, 0) AS lastReadId
         FROM public_messages m LEFT JOIN area_reads r ON r.user_id = ? AND r.area = m.area
         GROUP BY m.area ORDER BY m.area`,
      )
      .all(userId) as Array<{ area: string; unread: number; total: number; lastReadId: number }>
  ).map((row) => ({ ...row }));
}

function scratch(): { path: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-area-stats-'));
  return { path: join(dir, 'bbs.db'), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

void test('the migration counts the messages a board already has', () => {
  using tmp = scratch();
  // The schema as it was just before the area totals came.
  const before = openDatabase(tmp.path, { migrateTo: MIGRATIONS.findIndex((m) => m.name.startsWith('area totals')) });
  before.exec(`
    INSERT INTO users (id, name, name_key, password_hash, created_at) VALUES (1, 'Ann', 'ann', 'x', 1);
    INSERT INTO public_messages (id, author_id, created_at, body, area) VALUES
      (1, 1, 100, 'a', 'general'), (2, 1, 200, 'b', 'retro'), (3, 1, 300, 'c', 'general'), (7, 1, 250, 'd', 'general');
  `);
  before.close();
  const db = openDatabase(tmp.path);
  try {
    assert.deepEqual(kept(db), [
      { area: 'general', messages: 3, last_id: 7, last_at: 250 },
      { area: 'retro', messages: 1, last_id: 2, last_at: 200 },
    ]);
    assert.deepEqual(kept(db), countedSlowly(db));
  } finally {
    db.close();
  }
});

void test('totals and unread counts stay exact through random posts, deletions, moves and reading', async () => {
  using tmp = scratch();
  const db = openDatabase(tmp.path);
  const store = createSqliteStore(db);
  try {
    const users = [];
    for (const name of ['Ann', 'Bob', 'Cy']) {
      const made = await store.users.create(name, 'secret-pass-1', { at: new Date(1) });
      assert.ok(made.ok);
      users.push(made.user.id);
    }
    const areas = ['general', 'retro', 'sysop'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let step = 0; step < 400; step++) {
      const ids = (db.prepare('SELECT id FROM public_messages').all() as Array<{ id: number }>).map((r) => r.id);
      const roll = random(10);
      if (roll < 6 || ids.length === 0) {
        await store.publicMessages.postMessage({ authorId: users[random(3)]!, body: `m${step}`, at: new Date(1000 + random(5000)), area: areas[random(3)]! });
      } else if (roll < 7) {
        db.prepare('DELETE FROM public_messages WHERE id = ? AND id NOT IN (SELECT parent_id FROM public_messages WHERE parent_id IS NOT NULL)').run(ids[random(ids.length)]!);
      } else if (roll < 8) {
        db.prepare('UPDATE public_messages SET area = ? WHERE id = ?').run(areas[random(3)]!, ids[random(ids.length)]!);
      } else {
        const user = users[random(3)]!;
        await store.areaReads.markRead(user, areas[random(3)]!, ids[random(ids.length)]!);
      }
      assert.deepEqual(kept(db), countedSlowly(db), `totals after step ${step}`);
      for (const user of users) {
        assert.deepEqual(await store.areaReads.unreadCounts(user), unreadSlowly(db, user), `unread for ${user} after step ${step}`);
        for (const area of areas) {
          const expected = unreadSlowly(db, user).find((row) => row.area === area)?.unread ?? 0;
          assert.equal(await store.areaReads.unreadCount(user, area), expected);
        }
      }
      assert.equal(await store.publicMessages.count(), (db.prepare('SELECT count(*) AS n FROM public_messages').get() as { n: number }).n);
    }
    const summaries = await store.publicMessages.areas();
    assert.deepEqual(
      summaries.map((s) => ({ area: s.area, messages: s.count, last_id: s.lastId, last_at: s.lastPostedAt.getTime() })),
      countedSlowly(db),
    );
  } finally {
    await store.close();
  }
});
