import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteDoorTimeRepository } from '../../../src/store/door-time.js';
import { PgDoorTimeRepository } from '../../../src/store/postgres/pg-door-time.js';
import type { DoorTimeRepository } from '../../../src/store/types/door-time.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { pgUserSeeder, sqliteUserSeeder, type SeedUser } from '../../helpers/seed-user.js';


async function repoFor(t: TestContext, engine: Engine): Promise<{ doors: DoorTimeRepository; seedUser: SeedUser }> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    return { doors: new SqliteDoorTimeRepository(db), seedUser: sqliteUserSeeder(db) };
  }
  const db = await pgTestDatabase(t);
  return { doors: new PgDoorTimeRepository(db), seedUser: pgUserSeeder(db) };
}

const DAY = new Date('2026-12-03T00:00:00Z');
const later = (seconds: number): Date => new Date(DAY.getTime() + seconds * 1000);

engineTest('time in a door is summed per account and door since the start of the day, in whole seconds', async (t, engine) => {
  const { doors, seedUser } = await repoFor(t, engine);
  const ann = await seedUser('Ann');
  const ben = await seedUser('Ben');
  await doors.add(ann, 'lord', 120, later(-60));
  await doors.add(ann, 'lord', 90.4, later(100));
  await doors.add(ann, 'lord', 30.6, later(200));
  await doors.add(ann, 'tradewars', 500, later(300));
  await doors.add(ben, 'lord', 45, later(400));
  assert.equal(await doors.secondsSince(ann, 'lord', DAY), 90 + 31, 'yesterday\'s stretch is left out; each stretch is rounded');
  assert.equal(await doors.secondsSince(ann, 'lord', later(-3600)), 120 + 90 + 31);
  assert.equal(await doors.secondsSince(ann, 'tradewars', DAY), 500);
  assert.equal(await doors.secondsSince(ben, 'lord', DAY), 45);
  assert.equal(await doors.secondsSince(ben, 'tradewars', DAY), 0, 'no time in a door is zero, not null');
});

engineTest('a stretch of no time, or less, is not recorded', async (t, engine) => {
  const { doors, seedUser } = await repoFor(t, engine);
  const ann = await seedUser('Ann');
  await doors.add(ann, 'lord', 0, later(10));
  await doors.add(ann, 'lord', -5, later(20));
  assert.equal(await doors.secondsSince(ann, 'lord', DAY), 0);
  await doors.add(ann, 'lord', 1, later(30));
  assert.equal(await doors.secondsSince(ann, 'lord', DAY), 1);
});

void test('two hosts recording one account\'s door time at once: the day\'s total holds every stretch', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const hosts = await pgHosts(t, 2, 6);
  const ann = await pgUserSeeder(hosts[0]!)('Ann');
  const [a, b] = hosts.map((h) => new PgDoorTimeRepository(h)) as [PgDoorTimeRepository, PgDoorTimeRepository];
  await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).add(ann, 'lord', 3, later(i))));
  assert.equal(await a.secondsSince(ann, 'lord', DAY), 300);
  assert.equal(await b.secondsSince(ann, 'lord', DAY), 300);
});
