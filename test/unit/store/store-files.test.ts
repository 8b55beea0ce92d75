import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteFileRepository, ftsQueryOf } from '../../../src/store/files.js';
import { isUniqueViolation } from '../../../src/store/is-unique-violation.js';
import { PgFileRepository } from '../../../src/store/postgres/pg-files.js';
import type { FileRepository } from '../../../src/store/types/files.js';
import { engineTest, pgTestDatabase, sqliteTestDatabase, type Engine } from '../../helpers/store-engines.js';
import { pgHosts } from '../../helpers/store-hosts.js';
import { postgresSkip } from '../../helpers/postgres.js';
import { pgUserSeeder, sqliteUserSeeder, type SeedUser } from '../../helpers/seed-user.js';

interface Files {
  files: FileRepository;
  seedUser: SeedUser;
}


async function repoFor(t: TestContext, engine: Engine): Promise<Files> {
  if (engine === 'sqlite') {
    const db = sqliteTestDatabase(t);
    return { files: new SqliteFileRepository(db), seedUser: sqliteUserSeeder(db) };
  }
  const db = await pgTestDatabase(t);
  return { files: new PgFileRepository(db), seedUser: pgUserSeeder(db) };
}

const file = (area: string, name: string, sha256: string, extra: Partial<{ size: number; description: string; uploaderId: number | null; uploadedAt: Date }> = {}) => ({
  area,
  name,
  sha256,
  size: extra.size ?? 10,
  description: extra.description ?? '',
  uploaderId: extra.uploaderId ?? null,
  ...(extra.uploadedAt ? { uploadedAt: extra.uploadedAt } : {}),
});

engineTest('a file is recorded with its uploader, listed newest first, and counted by area', async (t, engine) => {
  const { files, seedUser } = await repoFor(t, engine);
  const alice = await seedUser('Alice');
  const a = await files.add(file('general', 'a.txt', 'aa', { size: 100, uploaderId: alice, uploadedAt: new Date(1000) }));
  await files.add(file('general', 'b.txt', 'bb', { size: 50, uploadedAt: new Date(2000) }));
  await files.add(file('other', 'c.txt', 'cc', { size: 7 }));
  assert.equal(a.uploaderName, 'Alice');
  assert.deepEqual((await files.list('general', { offset: 0, limit: 10 })).map((f) => f.name), ['b.txt', 'a.txt']);
  assert.deepEqual((await files.list('general', { offset: 1, limit: 10 })).map((f) => f.name), ['a.txt']);
  assert.deepEqual(await files.totals(['general', 'other', 'none']), new Map([['general', { files: 2, bytes: 150 }], ['other', { files: 1, bytes: 7 }]]));
  assert.equal(await files.bytesByUploader('general', alice), 100);
  assert.equal(await files.bytesInArea('general'), 150);
});

engineTest('names are unique in an area ignoring case, and so are the bytes; other areas may repeat both', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'Doom.zip', 'aa'));
  await assert.rejects(files.add(file('general', 'DOOM.ZIP', 'bb')), isUniqueViolation);
  await assert.rejects(files.add(file('general', 'other.zip', 'aa')), isUniqueViolation);
  await files.add(file('games', 'Doom.zip', 'aa'));
  assert.equal((await files.findByName('general', 'doom.ZIP'))?.name, 'Doom.zip');
  assert.equal((await files.findBySha256('games', 'aa'))?.area, 'games');
});

engineTest('hidden files are left out of lists, totals, searches and new files unless the sysop asks', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  const f = await files.add(file('general', 'secret.txt', 'aa', { description: 'plans' }));
  await files.setHidden(f.id, true);
  assert.equal(await files.count('general'), 0);
  assert.equal(await files.count('general', true), 1);
  assert.deepEqual(await files.list('general', { offset: 0, limit: 5 }), []);
  assert.equal((await files.list('general', { offset: 0, limit: 5, hidden: true }))[0]?.hidden, true);
  assert.deepEqual(await files.totals(['general']), new Map());
  assert.deepEqual(await files.search('plans', ['general'], { offset: 0, limit: 5 }), []);
  assert.deepEqual(await files.since(new Date(0), ['general'], 5), []);
  assert.equal(await files.bytesInArea('general'), 10, 'hidden files still take their space');
});

engineTest('search finds words in names and descriptions, in any script and without accents, and marks the match', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'doom.zip', 'aa', { description: 'The classic shooter' }));
  await files.add(file('general', 'notes.txt', 'bb', { description: 'Über café crème' }));
  await files.add(file('general', 'слово.txt', 'cc', { description: '日本語 テキスト' }));
  await files.add(file('private', 'doom2.zip', 'dd', { description: 'shooter' }));
  const names = async (q: string) => (await files.search(q, ['general'], { offset: 0, limit: 10 })).map((h) => h.file.name);
  assert.deepEqual(await names('doom'), ['doom.zip']);
  assert.deepEqual(await names('SHOOT'), ['doom.zip'], 'words match as prefixes, ignoring case; other areas are not searched');
  assert.deepEqual(await names('cafe uber'), ['notes.txt']);
  assert.deepEqual(await names('слово'), ['слово.txt']);
  assert.deepEqual(await names('テキスト'), ['слово.txt']);
  const [hit] = await files.search('café', ['general'], { offset: 0, limit: 1 });
  assert.equal(hit?.excerpt, 'Über \u0001café\u0002 crème');
});

engineTest('typed operators, quotes and stray syntax are searched as words and never break the query', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'near.txt', 'aa', { description: 'OR AND NOT near' }));
  for (const q of ['"', '")', 'NEAR(', '*', 'a OR', '-x', 'col:val', '^start', '((((', '"unterminated', '\u0000', '']) {
    await files.search(q, ['general'], { offset: 0, limit: 5 });
  }
  assert.equal(ftsQueryOf('  '), null);
  assert.equal(ftsQueryOf('a"b OR c*'), '"a"* "b"* "OR"* "c"*');
  assert.deepEqual((await files.search('near OR', ['general'], { offset: 0, limit: 5 })).map((h) => h.file.name), ['near.txt']);
  const random = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(...Array.from({ length: 12 }, (_, j) => ((i * 7919 + j * 104729) % 0xd7ff) + 1)));
  for (const q of random) await files.search(q, ['general'], { offset: 0, limit: 5 });
});

engineTest('a re-described, moved or removed file is found by its new words, in its new area, or not at all', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  const f = await files.add(file('general', 'a.txt', 'aa', { description: 'old words' }));
  await files.describe(f.id, 'fresh words');
  assert.equal((await files.search('old', ['general'], { offset: 0, limit: 5 })).length, 0);
  assert.equal((await files.search('fresh', ['general'], { offset: 0, limit: 5 })).length, 1);
  await files.move(f.id, 'archive', 'a-2.txt');
  assert.equal((await files.search('fresh', ['archive'], { offset: 0, limit: 5 }))[0]?.file.name, 'a-2.txt');
  await files.countDownload(f.id);
  assert.equal((await files.get(f.id))?.downloads, 1);
  await files.remove(f.id);
  assert.equal(await files.get(f.id), null);
  assert.equal((await files.search('fresh', ['archive'], { offset: 0, limit: 5 })).length, 0);
});

engineTest('new files since an instant come oldest first from the areas named', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'old.txt', 'aa', { uploadedAt: new Date(1000) }));
  await files.add(file('general', 'new1.txt', 'bb', { uploadedAt: new Date(3000) }));
  await files.add(file('general', 'new2.txt', 'cc', { uploadedAt: new Date(4000) }));
  await files.add(file('other', 'elsewhere.txt', 'dd', { uploadedAt: new Date(5000) }));
  assert.deepEqual((await files.since(new Date(2000), ['general'], 10)).map((f) => f.name), ['new1.txt', 'new2.txt']);
  assert.deepEqual((await files.since(new Date(2000), ['general'], 1)).map((f) => f.name), ['new1.txt']);
  assert.deepEqual(await files.since(new Date(0), [], 10), []);
});

engineTest('words of several scripts, with and without their accents, are found as prefixes and marked where they stand', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'mélange.txt', 'aa', { description: 'Crème brûlée für Ärzte. Ёлка и Καλημέρα, グラス 日本語テキスト' }));
  await files.add(file('general', 'plain.txt', 'bb', { description: 'nothing of the sort' }));
  const names = async (q: string) => (await files.search(q, ['general'], { offset: 0, limit: 10 })).map((h) => h.file.name);
  for (const q of ['creme brulee', 'CRÈME', 'arzt', 'ÄRZTE', 'melange', 'ёлк', 'καλημ', 'グラ', '日本語', 'cre\u0300me']) {
    assert.deepEqual(await names(q), ['mélange.txt'], q);
  }
  assert.deepEqual(await names('creme nothing'), [], 'every word must match');
  const [hit] = await files.search('brul ärz', ['general'], { offset: 0, limit: 1 });
  assert.equal(hit?.excerpt, 'Crème \u0001brûlée\u0002 für \u0001Ärzte\u0002. Ёлка и Καλημέρα, グラス 日本語テキスト');
});

engineTest('quotes, stars, parentheses, boolean words, minus and colons typed by a caller are only words', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'near.txt', 'aa', { description: 'NEAR the AND gate, NOT a col:val pair' }));
  await files.add(file('general', 'other.txt', 'bb', { description: 'unrelated' }));
  const names = async (q: string) => (await files.search(q, ['general'], { offset: 0, limit: 5 })).map((h) => h.file.name);
  assert.deepEqual(await names('"near'), ['near.txt']);
  assert.deepEqual(await names('gate*'), ['near.txt']);
  assert.deepEqual(await names('NEAR(gate'), ['near.txt']);
  assert.deepEqual(await names('AND'), ['near.txt'], 'an operator word is a word to find');
  assert.deepEqual(await names('unrelated OR near'), [], 'OR is a word, not an alternative');
  assert.deepEqual(await names('-unrelated'), ['other.txt'], 'a minus is no negation');
  assert.deepEqual(await names('col:val'), ['near.txt'], 'a colon names no column');
  assert.deepEqual(await names("pair') | !(x"), [], 'tsquery syntax is only words too');
  assert.deepEqual(await names('\'\\'), [], 'a quote and a backslash alone leave nothing to search');
  for (const q of ['"', '*', '(', ')', 'AND', 'NEAR(', '-', ':', '"a" AND (b OR c*)', "'", '\\', '!', '&|', '<->', ':*']) {
    await files.search(q, ['general'], { offset: 0, limit: 5 });
  }
});

engineTest('a match in a name ranks above a match in a description; equal matches come newest first', async (t, engine) => {
  const { files } = await repoFor(t, engine);
  await files.add(file('general', 'readme.txt', 'aa', { description: 'see the tetris notes inside' }));
  await files.add(file('general', 'tetris.zip', 'bb', { description: 'the game' }));
  await files.add(file('general', 'blocks.zip', 'cc', { description: 'another tetris clone' }));
  assert.deepEqual((await files.search('tetris', ['general'], { offset: 0, limit: 5 })).map((h) => h.file.name), ['tetris.zip', 'blocks.zip', 'readme.txt']);
  assert.deepEqual((await files.search('tetris', ['general'], { offset: 1, limit: 1 })).map((h) => h.file.name), ['blocks.zip']);
});

void test('two hosts counting 200 downloads of one file at once count exactly 200', async (t) => {
  const skip = postgresSkip();
  if (skip) return t.skip(skip);
  const hosts = await pgHosts(t, 2, 8);
  const [a, b] = hosts.map((h) => new PgFileRepository(h));
  const f = await a!.add(file('general', 'popular.zip', 'aa'));
  await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a! : b!).countDownload(f.id)));
  assert.equal((await b!.get(f.id))?.downloads, 200);
});
