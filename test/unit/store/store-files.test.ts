import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../src/store/database.js';
import { SqliteFileRepository, ftsQueryOf } from '../../../src/store/files.js';
import { isUniqueViolation } from '../../../src/store/is-unique-violation.js';

function seedUser(db: Database, name: string): number {
  return (db.prepare("INSERT INTO users (name, name_key, password_hash, created_at) VALUES (?, lower(?), 'x', 0) RETURNING id").get(name, name) as { id: number }).id;
}

function withFiles(run: (files: SqliteFileRepository, db: Database) => Promise<void>): () => Promise<void> {
  return async () => {
    const db = openDatabase(':memory:');
    try {
      await run(new SqliteFileRepository(db), db);
    } finally {
      db.close();
    }
  };
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

void test('a file is recorded with its uploader, listed newest first, and counted by area', withFiles(async (files, db) => {
  const alice = seedUser(db, 'Alice');
  const a = await files.add(file('general', 'a.txt', 'aa', { size: 100, uploaderId: alice, uploadedAt: new Date(1000) }));
  await files.add(file('general', 'b.txt', 'bb', { size: 50, uploadedAt: new Date(2000) }));
  await files.add(file('other', 'c.txt', 'cc', { size: 7 }));
  assert.equal(a.uploaderName, 'Alice');
  assert.deepEqual((await files.list('general', { offset: 0, limit: 10 })).map((f) => f.name), ['b.txt', 'a.txt']);
  assert.deepEqual((await files.list('general', { offset: 1, limit: 10 })).map((f) => f.name), ['a.txt']);
  assert.deepEqual(await files.totals(['general', 'other', 'none']), new Map([['general', { files: 2, bytes: 150 }], ['other', { files: 1, bytes: 7 }]]));
  assert.equal(await files.bytesByUploader('general', alice), 100);
  assert.equal(await files.bytesInArea('general'), 150);
}));

void test('names are unique in an area ignoring case, and so are the bytes; other areas may repeat both', withFiles(async (files) => {
  await files.add(file('general', 'Doom.zip', 'aa'));
  await assert.rejects(files.add(file('general', 'DOOM.ZIP', 'bb')), isUniqueViolation);
  await assert.rejects(files.add(file('general', 'other.zip', 'aa')), isUniqueViolation);
  await files.add(file('games', 'Doom.zip', 'aa'));
  assert.equal((await files.findByName('general', 'doom.ZIP'))?.name, 'Doom.zip');
  assert.equal((await files.findBySha256('games', 'aa'))?.area, 'games');
}));

void test('hidden files are left out of lists, totals, searches and new files unless the sysop asks', withFiles(async (files) => {
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
}));

void test('search finds words in names and descriptions, in any script and without accents, and marks the match', withFiles(async (files) => {
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
}));

void test('typed operators, quotes and stray syntax are searched as words and never break the query', withFiles(async (files) => {
  await files.add(file('general', 'near.txt', 'aa', { description: 'OR AND NOT near' }));
  for (const q of ['"', '")', 'NEAR(', '*', 'a OR', '-x', 'col:val', '^start', '((((', '"unterminated', '\u0000', '']) {
    await files.search(q, ['general'], { offset: 0, limit: 5 });
  }
  assert.equal(ftsQueryOf('  '), null);
  assert.equal(ftsQueryOf('a"b OR c*'), '"a"* "b"* "OR"* "c"*');
  assert.deepEqual((await files.search('near OR', ['general'], { offset: 0, limit: 5 })).map((h) => h.file.name), ['near.txt']);
  const random = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(...Array.from({ length: 12 }, (_, j) => ((i * 7919 + j * 104729) % 0xd7ff) + 1)));
  for (const q of random) await files.search(q, ['general'], { offset: 0, limit: 5 });
}));

void test('a re-described, moved or removed file is found by its new words, in its new area, or not at all', withFiles(async (files) => {
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
}));

void test('new files since an instant come oldest first from the areas named', withFiles(async (files) => {
  await files.add(file('general', 'old.txt', 'aa', { uploadedAt: new Date(1000) }));
  await files.add(file('general', 'new1.txt', 'bb', { uploadedAt: new Date(3000) }));
  await files.add(file('general', 'new2.txt', 'cc', { uploadedAt: new Date(4000) }));
  await files.add(file('other', 'elsewhere.txt', 'dd', { uploadedAt: new Date(5000) }));
  assert.deepEqual((await files.since(new Date(2000), ['general'], 10)).map((f) => f.name), ['new1.txt', 'new2.txt']);
  assert.deepEqual((await files.since(new Date(2000), ['general'], 1)).map((f) => f.name), ['new1.txt']);
  assert.deepEqual(await files.since(new Date(0), [], 10), []);
}));
