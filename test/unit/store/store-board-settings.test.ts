import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteBoardSettingsRepository } from '../../../src/store/board-settings.js';
import { PgBoardSettingsRepository } from '../../../src/store/postgres/pg-board-settings.js';
import type { BoardSettingsRepository } from '../../../src/store/types/board-settings.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts, sqliteHosts } from '../../helpers/store-hosts.js';

/** Board-wide settings on both engines, and from several hosts on one database. */

async function repoFor(t: TestContext, engine: Engine): Promise<BoardSettingsRepository> {
  if (engine === 'sqlite') return new SqliteBoardSettingsRepository(sqliteTestDatabase(t));
  return new PgBoardSettingsRepository(await pgTestDatabase(t));
}

async function hostsFor(t: TestContext, engine: Engine, count: number): Promise<BoardSettingsRepository[]> {
  if (engine === 'sqlite') return sqliteHosts(t, count).map((db) => new SqliteBoardSettingsRepository(db));
  return (await pgHosts(t, count)).map((db) => new PgBoardSettingsRepository(db));
}

engineTest('get, set, replace and remove a key; other keys are untouched', async (t, engine) => {
  const settings = await repoFor(t, engine);
  assert.equal(await settings.get('motd'), null);
  await settings.set('motd', 'one');
  await settings.set('motd', 'two');
  await settings.set('banner', 'Mongrel');
  assert.equal(await settings.get('motd'), 'two');
  await settings.set('motd', null);
  assert.equal(await settings.get('motd'), null);
  assert.equal(await settings.get('banner'), 'Mongrel');
  // Removing a key that is not there is no error.
  await settings.set('motd', null);
  // Text is kept as given: empty, multi-line, non-ASCII.
  await settings.set('motd', '');
  assert.equal(await settings.get('motd'), '');
  await settings.set('motd', 'Welcome\r\n\u00a1Bienvenidos! \u{1f436}');
  assert.equal(await settings.get('motd'), 'Welcome\r\n\u00a1Bienvenidos! \u{1f436}');
});

engineTest('setIfAbsent stores a value once and answers the kept one after', async (t, engine) => {
  const settings = await repoFor(t, engine);
  assert.equal(await settings.setIfAbsent('secret', 'first'), 'first');
  assert.equal(await settings.setIfAbsent('secret', 'second'), 'first');
  assert.equal(await settings.get('secret'), 'first');
  await settings.set('secret', null);
  assert.equal(await settings.setIfAbsent('secret', 'third'), 'third');
});

engineTest('setIfAbsent from several hosts at once keeps one value, and every host is told that one', async (t, engine) => {
  const hosts = await hostsFor(t, engine, 3);
  for (let round = 0; round < 10; round++) {
    const key = `secret${round}`;
    const kept = await Promise.all(Array.from({ length: 9 }, (_, i) => hosts[i % hosts.length]!.setIfAbsent(key, `value${i}`)));
    assert.equal(new Set(kept).size, 1, `round ${round}: ${kept.join(', ')}`);
    assert.equal(await hosts[0]!.get(key), kept[0]);
  }
});
