import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PgQuotaRepository } from '../../../src/store/postgres/pg-quotas.js';
import { SqliteQuotaRepository } from '../../../src/store/quotas.js';
import type { QuotaRepository } from '../../../src/store/types/quotas.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';

const T0 = new Date('2026-12-03T10:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

/** The quotas, and the rows they count written straight into their tables (each `$n` used once, in order). */
interface Quotas {
  quotas: QuotaRepository;
  insert: (sql: string, params: ReadonlyArray<string | number | null>) => Promise<number>;
}

async function repoFor(t: TestContext, engine: Engine): Promise<Quotas> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    const insert = (sql: string, params: ReadonlyArray<string | number | null>) =>
      Promise.resolve((db.prepare(sql.replace(/\$\d+/g, '?')).get(...params) as { id: number }).id);
    return { quotas: new SqliteQuotaRepository(db), insert };
  }
  const db = await pgTestDatabase(t);
  return { quotas: new PgQuotaRepository(db), insert: async (sql, params) => (await db.one<{ id: number }>(sql, params))!.id };
}

function user(q: Quotas, name: string, when: Date, from = ''): Promise<number> {
  return q.insert("INSERT INTO users (name, name_key, password_hash, created_at, created_from) VALUES ($1, $2, 'x', $3, $4) RETURNING id", [
    name,
    name.toLowerCase(),
    when.getTime(),
    from,
  ]);
}

function post(q: Quotas, authorId: number, body: string, when: Date, subject: string | null = null): Promise<number> {
  return q.insert('INSERT INTO public_messages (author_id, created_at, body, subject) VALUES ($1, $2, $3, $4) RETURNING id', [authorId, when.getTime(), body, subject]);
}

function mail(q: Quotas, senderId: number, recipientId: number, body: string, when: Date, subject: string | null): Promise<number> {
  return q.insert('INSERT INTO private_messages (sender_id, recipient_id, created_at, body, subject) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
    senderId,
    recipientId,
    when.getTime(),
    body,
    subject,
  ]);
}

engineTest('sign-ups are counted per registering address within the window, with the row that must age out for room', async (t, engine) => {
  const q = await repoFor(t, engine);
  const { quotas } = q;
  await user(q, 'One', at(0), '10.0.0.7');
  await user(q, 'Two', at(10), '10.0.0.7');
  await user(q, 'Three', at(20), '10.0.0.7');
  await user(q, 'Other', at(20), '10.0.0.8');
  await user(q, 'ByHand', at(20));
  assert.deepEqual(await quotas.signupsFrom('10.0.0.7', at(-1), 4), { count: 3, roomAfter: null });
  assert.deepEqual(await quotas.signupsFrom('10.0.0.7', at(-1), 3), { count: 3, roomAfter: at(0) });
  // Over a lowered limit, room comes only when enough have aged out.
  assert.deepEqual(await quotas.signupsFrom('10.0.0.7', at(-1), 2), { count: 3, roomAfter: at(10) });
  assert.deepEqual(await quotas.signupsFrom('10.0.0.7', at(5), 2), { count: 2, roomAfter: at(10) });
  assert.equal((await quotas.signupsFrom('10.0.0.8', at(-1), 3)).count, 1);
});

engineTest('posts and mail are counted per writer by time, and storage in UTF-8 bytes of subjects and bodies, sent mail included', async (t, engine) => {
  const q = await repoFor(t, engine);
  const { quotas } = q;
  const ann = await user(q, 'Ann', at(-10));
  const ben = await user(q, 'Ben', at(-10));
  await post(q, ann, 'héllo', at(0), 'ünï');
  await post(q, ann, 'again', at(30));
  await post(q, ben, 'not Ann', at(30));
  await mail(q, ann, ben, 'ß', at(40), null);
  assert.deepEqual(await quotas.postsBy(ann, at(-1), 2), { count: 2, roomAfter: at(0) });
  assert.deepEqual(await quotas.postsBy(ann, at(1), 2), { count: 1, roomAfter: null });
  assert.deepEqual(await quotas.mailBy(ann, at(-1), 1), { count: 1, roomAfter: at(40) });
  assert.deepEqual(await quotas.mailBy(ben, at(-1), 1), { count: 0, roomAfter: null });
  // héllo 6 + ünï 5 + again 5 + ß 2: bytes, not characters.
  assert.equal(await quotas.bytesWritten(ann), 18);
  assert.equal(await quotas.bytesWritten(ben), 7);
});
