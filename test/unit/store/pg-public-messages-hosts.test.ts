import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { PgPublicMessageRepository } from '../../../src/store/postgres/pg-public-messages.js';
import type { PublicMessage } from '../../../src/store/types/public-messages.js';
import { seedUser } from '../../helpers/engine-db.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { until } from '../../helpers/until.js';

/** What only many board hosts on one PostgreSQL database can do to public messages. */

const AREAS = ['general', 'retro'];
const PER_HOST = 200;
/** The advisory lock a test holds to stall a post. */
const STALL = 4242;

/** Two hosts on one database, and an author. */
async function twoHosts(t: TestContext): Promise<{ pools: PgDatabase[]; hosts: PgPublicMessageRepository[]; authorId: number }> {
  const pools = await pgHosts(t);
  const authorId = await seedUser({ engine: 'postgres', pg: pools[0]! }, 'Ann');
  return { pools, hosts: pools.map((pool) => new PgPublicMessageRepository(pool)), authorId };
}

/** Every host posts PER_HOST messages at once, alternating areas, each at a time of its own. */
function postFromBoth(hosts: PgPublicMessageRepository[], authorId: number): Promise<PublicMessage[]> {
  return Promise.all(
    hosts.flatMap((repo, h) =>
      Array.from({ length: PER_HOST }, (_, i) =>
        repo.postMessage({ authorId, area: AREAS[i % AREAS.length]!, body: `host ${h} post ${i}`, at: new Date(1_000_000 + h * 10_000 + i) }),
      ),
    ),
  );
}

function byId(a: number, b: number): number {
  return a - b;
}

void test('two hosts posting 200 each at once into two areas: every post there once, area totals exact', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const { hosts, authorId } = await twoHosts(t);
  const posted = await postFromBoth(hosts, authorId);

  assert.equal(new Set(posted.map((m) => m.id)).size, posted.length, 'every post got an id of its own');
  const stored = await hosts[1]!.listNewestFirst(10 * PER_HOST);
  assert.deepEqual(stored.map((m) => m.id).sort(byId), posted.map((m) => m.id).sort(byId));
  assert.deepEqual(stored.map((m) => m.body).sort(), posted.map((m) => m.body).sort(), 'each post stored once, as written');
  assert.equal(await hosts[0]!.count(), 2 * PER_HOST);

  const expected = AREAS.map((area) => {
    const inArea = posted.filter((m) => m.area === area);
    const newest = inArea.reduce((a, b) => (b.id > a.id ? b : a));
    return { area, count: inArea.length, lastId: newest.id, lastPostedAt: newest.createdAt };
  });
  assert.deepEqual(await hosts[0]!.areas(), expected);
  assert.deepEqual(await hosts[1]!.areas(), expected);
});

void test('a post whose id was drawn first but commits last is never passed over by a reader', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const { hosts, authorId, pools } = await twoHosts(t);
  const [slowHost, fastHost] = pools;
  // A host stalled between drawing its id and committing (a busy server, a
  // slow disk): in this schema an insert of the body 'stalled' waits for an
  // advisory lock the test holds.
  await slowHost!.run(`
    CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.body = 'stalled' THEN PERFORM pg_advisory_xact_lock_shared(${STALL}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER stall BEFORE INSERT ON public_messages FOR EACH ROW EXECUTE FUNCTION stall();`);
  const waiting = async (): Promise<number> =>
    (await fastHost!.one<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))?.n ?? 0;
  const holder = await fastHost!.pool.connect();
  try {
    await holder.query(`SELECT pg_advisory_lock(${STALL})`);
    const stalled = hosts[0]!.postMessage({ authorId, area: 'retro', body: 'stalled', at: new Date(1) });
    await until('the first post to stall', async () => (await waiting()) === 1);
    const fast = hosts[1]!.postMessage({ authorId, area: 'retro', body: 'fast', at: new Date(2) });
    // The second post either commits or waits for the first: once it has
    // done one of them, a reader looks at the area.
    await Promise.race([fast, until('the second post to wait', async () => (await waiting()) === 2)]);
    const firstLook = await hosts[1]!.listInArea('retro', 10);
    const pointer = firstLook.at(-1)?.id ?? 0;
    await holder.query(`SELECT pg_advisory_unlock(${STALL})`);
    const posts = await Promise.all([stalled, fast]);
    const secondLook = await hosts[1]!.listInArea('retro', 10, pointer);
    assert.deepEqual(
      [...firstLook, ...secondLook].map((m) => m.body),
      posts.map((m) => m.body),
      'the reader was shown both posts, in the order of their ids',
    );
  } finally {
    holder.release();
  }
});
