import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { GroupCommit } from '../../../src/store/group-commit.js';

function scratch(): { path: string; [Symbol.dispose](): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bbs-group-commit-'));
  return { path: join(dir, 'g.db'), [Symbol.dispose]: () => rmSync(dir, { recursive: true, force: true }) };
}

function open(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  return db;
}

void test('writes handed in together commit in one transaction, and each settles after the commit', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const other = open(tmp.path);
  const commits: number[] = [];
  let seen = 0;
  // Counts rows as another connection sees them at the moment each promise settles.
  const visible = (): number => (other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  const insert = db.prepare('INSERT INTO t (v) VALUES (?) RETURNING id');
  const group = new GroupCommit(db, (v: string) => {
    commits.push(db.inTransaction ? 1 : 0);
    return (insert.get(v) as { id: number }).id;
  });
  const ids = await Promise.all(
    ['a', 'b', 'c'].map((v) =>
      group.submit(v).then((id) => {
        seen = Math.max(seen, visible());
        return id;
      }),
    ),
  );
  assert.deepEqual(ids, [1, 2, 3]);
  assert.equal(seen, 3, 'another connection sees every row by the time any promise settles');
  assert.deepEqual(commits, [1, 1, 1]);
  db.close();
  other.close();
});

void test('one write that throws fails alone; the rest of its batch commits', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?) RETURNING id');
  const group = new GroupCommit(db, (v: string) => {
    const id = (insert.get(v) as { id: number }).id;
    if (v === 'bad') throw new Error('refused after writing');
    return id;
  });
  const results = await Promise.allSettled(['x', 'bad', 'x', 'y'].map((v) => group.submit(v)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
  );
  assert.match(String((results[1] as PromiseRejectedResult).reason), /refused after writing/);
  assert.match(String((results[2] as PromiseRejectedResult).reason), /UNIQUE/);
  const rows = (db.prepare('SELECT v FROM t ORDER BY id').all() as Array<{ v: string }>).map((r) => r.v);
  assert.deepEqual(rows, ['x', 'y'], 'the failed writes left nothing behind');
  db.close();
});

void test('writes from separate rounds of input commit separately, and flush commits what waits', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const group = new GroupCommit(db, (v: string) => {
    insert.run(v);
    return v;
  });
  const count = (): number => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  assert.equal(await group.submit('one'), 'one');
  assert.equal(count(), 1);
  const second = group.submit('two');
  assert.equal(count(), 1, 'waits for the end of the round');
  group.flush();
  assert.equal(count(), 2, 'flush committed at once');
  assert.equal(await second, 'two');
  db.close();
});

void test('a batch that cannot start (the database is gone) rejects every write in it', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const group = new GroupCommit(db, (v: string) => v);
  const pending = [group.submit('a'), group.submit('b')];
  db.close();
  const results = await Promise.allSettled(pending);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
});

void test('a write whose error undid the whole transaction (as SQLITE_FULL can) fails its batch with that error, and no later write slips out alone', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const group = new GroupCommit(db, (v: string) => {
    insert.run(v);
    if (v === 'full') {
      // What SQLite does on a full disk mid-transaction: the whole transaction is rolled back.
      db.exec('ROLLBACK');
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    }
    return v;
  });
  const results = await Promise.allSettled(['before', 'full', 'after'].map((v) => group.submit(v)));
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
    'nothing is reported saved that was not',
  );
  for (const r of results) assert.equal(((r as PromiseRejectedResult).reason as { code?: string }).code, 'SQLITE_FULL', 'each caller learns why');
  const rows = (db.prepare('SELECT v FROM t').all() as Array<{ v: string }>).map((r) => r.v);
  assert.deepEqual(rows, [], 'the write after the failure was not committed on its own');
  assert.equal(await group.submit('later'), 'later', 'the next round commits as usual');
  db.close();
});

void test('with a window, writes handed in a few milliseconds apart share one commit; without, each round commits its own', async () => {
  using tmp = scratch();
  const db = open(tmp.path);
  const other = open(tmp.path);
  const visible = (): number => (other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  const insert = db.prepare('INSERT INTO t (v) VALUES (?) RETURNING id');
  const write = (v: string): number => (insert.get(v) as { id: number }).id;
  // No window: a write commits at the end of its own round, with no second write to wait for.
  let seenAtFirst = -1;
  await new GroupCommit(db, write).submit('p1').then(() => (seenAtFirst = visible()));
  assert.equal(seenAtFirst, 1, 'no window: the first commits alone at the end of its round');
  // A window far longer than the gap (so a slow machine cannot close it early): the first waits and both commit together.
  const windowed = new GroupCommit(db, write, 1000);
  let settled = false;
  const a = windowed.submit('w1').then(() => {
    settled = true;
    seenAtFirst = visible();
  });
  await sleep(20);
  assert.equal(settled, false, 'a window: the first is not committed before the second arrives');
  await Promise.all([a, windowed.submit('w2')]);
  assert.equal(seenAtFirst, 3, 'both committed in one transaction: the first sees the second');
  db.close();
  other.close();
});
