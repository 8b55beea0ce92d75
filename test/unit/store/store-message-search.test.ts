import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { openDatabase } from '../../../src/store/database.js';
import { migrate } from '../../../src/store/migrate.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { PgDatabase } from '../../../src/store/postgres/pg-database.js';
import { migratePg } from '../../../src/store/postgres/pg-migrate.js';
import { PG_MIGRATIONS } from '../../../src/store/postgres/pg-migrations.js';
import { PgPublicMessageRepository } from '../../../src/store/postgres/pg-public-messages.js';
import { pgSearchMessages } from '../../../src/store/postgres/pg-message-search.js';
import { SqlitePublicMessageRepository } from '../../../src/store/public-messages.js';
import type { MessageHit, PublicMessageRepository } from '../../../src/store/types/public-messages.js';
import { engineDb, seedUser, sqlRun, type EngineDb } from '../../helpers/engine-db.js';
import { freshSchema } from '../../helpers/postgres.js';
import { engineTest, type Engine } from '../../helpers/store-engines.js';

function repoFor(db: EngineDb): PublicMessageRepository {
  return db.engine === 'sqlite' ? new SqlitePublicMessageRepository(db.sqlite) : new PgPublicMessageRepository(db.pg);
}

const PAGE = { limit: 20 };

/** A board with one author and the repository to post and search through. */
async function board(t: TestContext, engine: Engine): Promise<{ db: EngineDb; messages: PublicMessageRepository; alice: number }> {
  const db = await engineDb(t, engine);
  return { db, messages: repoFor(db), alice: await seedUser(db, 'Alice') };
}

/** The text each matched span of a hit's excerpt covers. */
function marked(hit: MessageHit): string[] {
  return hit.excerpt.matches.map((m) => hit.excerpt.text.slice(m.start, m.end));
}

engineTest('words of any script are found in subjects and bodies, case and Latin accents ignored', async (t, engine) => {
  const { messages, alice } = await board(t, engine);
  const post = (subject: string, body: string) => messages.postMessage({ authorId: alice, subject, body, at: new Date(1) });
  const latin = await post('Café meeting', 'We meet at the Crème Brûlée place on Friday.');
  const cyrillic = await post('Привет', 'Встреча в Москве завтра утром.');
  const greek = await post('Γειά', 'Η συνάντηση είναι στην Αθήνα.');
  const japanese = await post('旅行', '昨日は東京タワーに行った。とても楽しかった。');
  const chinese = await post('消息', '我们明天在北京大学见面。');
  const arabic = await post('مرحبا', 'الاجتماع في القاهرة غدا');
  const ids = async (q: string) => (await messages.search(q, ['general'], PAGE)).map((h) => h.message.id);
  assert.deepEqual(await ids('CAFE'), [latin.id], 'the subject is searched, accents and case folded');
  assert.deepEqual(await ids('creme brulee'), [latin.id], 'every word must be there, in the body');
  assert.deepEqual(await ids('москве'), [cyrillic.id]);
  assert.deepEqual(await ids('ΑΘΉΝΑ'), [greek.id]);
  assert.deepEqual(await ids('東京'), [japanese.id], 'a Japanese word inside a longer run of text');
  assert.deepEqual(await ids('タワー'), [japanese.id]);
  assert.deepEqual(await ids('北京'), [chinese.id], 'a Chinese word inside a sentence');
  assert.deepEqual(await ids('京東'), [], 'the characters must stand in that order, side by side');
  assert.deepEqual(await ids('القاهرة'), [arabic.id]);
  assert.deepEqual(await ids('meet'), [latin.id], 'whole words');
  assert.deepEqual(await ids('mee'), [], 'a piece of a word is not a word');
  assert.deepEqual(await ids('Café Москве'), [], 'all the words, in one message');
});

engineTest('anything typed is searched as words, and gives hits or none, never an error', async (t, engine) => {
  const { messages, alice } = await board(t, engine);
  const near = await messages.postMessage({ authorId: alice, subject: 'near and far', body: 'NOT a drill: AND OR NEAR(x y) "quoted" ^start -minus back\\slash', at: new Date(1) });
  const hostile = [
    '"', '""', "'", '\\', '\\\\', '*', 'AND', 'OR', 'NOT', 'NEAR(', 'NEAR(a b, 2)', '-', '^', '"unterminated', 'a*', '(', ')',
    '{subject}: x', 'subject:near', ':', '!!!', '...', '   ', '', '\u0000', 'x\u0000y', '😀', '🎉 near 🎉', 'x'.repeat(5000),
    'near '.repeat(1000), '\'); DROP TABLE public_messages; --', '& | ! <-> :*', "o'brien", '%_%', '\uD800', 'ꙮ'.repeat(3000),
  ];
  for (const q of hostile) await messages.search(q, ['general'], PAGE);
  const ids = async (q: string) => (await messages.search(q, ['general'], PAGE)).map((h) => h.message.id);
  assert.deepEqual(await ids('NEAR('), [near.id], 'an operator is a word like any other');
  assert.deepEqual(await ids('"quoted" AND'), [near.id]);
  assert.deepEqual(await ids('-minus ^start'), [near.id]);
  assert.deepEqual(await ids('back\\slash'), [near.id]);
  assert.deepEqual(await ids('!!! ... ""'), [], 'only punctuation leaves nothing to search');
  assert.deepEqual(await ids('😀'), []);
  assert.deepEqual(await ids('x'.repeat(5000)), []);
});

engineTest('a message in an area the caller may not read is never returned, even as the only match', async (t, engine) => {
  const { messages, alice } = await board(t, engine);
  await messages.postMessage({ authorId: alice, area: 'sysop', subject: 'secret', body: 'the password is swordfish', at: new Date(1) });
  const open = await messages.postMessage({ authorId: alice, area: 'general', subject: 'fish', body: 'a swordfish story', at: new Date(2) });
  assert.deepEqual(await messages.search('password', ['general', 'retro'], PAGE), []);
  assert.deepEqual(await messages.search('password', [], PAGE), [], 'no readable area, no hits');
  assert.deepEqual((await messages.search('swordfish', ['general'], PAGE)).map((h) => h.message.id), [open.id]);
  assert.equal((await messages.search('swordfish', ['general', 'sysop'], PAGE)).length, 2);
});

engineTest('hits come newest first, a page at a time, each page after the last id of the one before', async (t, engine) => {
  const { messages, alice } = await board(t, engine);
  const posted = [];
  for (let i = 1; i <= 7; i++) posted.push(await messages.postMessage({ authorId: alice, area: i % 2 ? 'general' : 'retro', body: `modem number ${i}`, at: new Date(i) }));
  await messages.postMessage({ authorId: alice, body: 'nothing to see', at: new Date(9) });
  const areas = ['general', 'retro'];
  const first = await messages.search('modem', areas, { limit: 3 });
  assert.deepEqual(first.map((h) => h.message.body), ['modem number 7', 'modem number 6', 'modem number 5']);
  const second = await messages.search('modem', areas, { limit: 3, beforeId: first.at(-1)!.message.id });
  assert.deepEqual(second.map((h) => h.message.body), ['modem number 4', 'modem number 3', 'modem number 2']);
  const last = await messages.search('modem', areas, { limit: 3, beforeId: second.at(-1)!.message.id });
  assert.deepEqual(last.map((h) => h.message.body), ['modem number 1']);
  assert.deepEqual(await messages.search('modem', areas, { limit: 3, beforeId: last[0]!.message.id }), []);
  assert.deepEqual(await messages.search('modem', areas, { limit: 0 }), []);
  assert.equal(first[0]!.message.authorName, 'Alice');
});

engineTest('the excerpt is a line around the first match, with every match in it given by offsets', async (t, engine) => {
  const { messages, alice } = await board(t, engine);
  const body = `${'filler words go here and on. '.repeat(6)}Then the Modem\nsang, and the MODEM sang again.${' more after.'.repeat(10)}`;
  await messages.postMessage({ authorId: alice, subject: 'noise', body, at: new Date(1) });
  const [hit] = await messages.search('modem', ['general'], PAGE);
  assert.ok(hit);
  assert.deepEqual(marked(hit), ['Modem', 'MODEM']);
  assert.ok(hit.excerpt.text.startsWith('…') && hit.excerpt.text.endsWith('…'), hit.excerpt.text);
  assert.ok(hit.excerpt.text.length <= 80, 'one line');
  assert.ok(!hit.excerpt.text.includes('\n'), 'line ends become spaces');

  await messages.postMessage({ authorId: alice, subject: 'Über die Brücke', body: 'nothing here matches', at: new Date(2) });
  const [subjectHit] = await messages.search('brucke', ['general'], PAGE);
  assert.deepEqual(subjectHit && marked(subjectHit), ['Brücke'], 'the subject when only the subject matched');

  await messages.postMessage({ authorId: alice, subject: 'kana', body: '昨日は東京タワーに行った', at: new Date(3) });
  const [cjk] = await messages.search('東京', ['general'], PAGE);
  assert.deepEqual(cjk && marked(cjk), ['東京']);
  assert.equal(cjk?.excerpt.text, '昨日は東京タワーに行った');
});

engineTest('the migration step indexes the messages that were there before it', async (t, engine) => {
  const db = await olderBoard(t, engine);
  const messages = repoFor(db);
  const found = await messages.search('upgrade', ['general'], PAGE);
  assert.deepEqual(found.map((h) => h.message.body), ['posted before the upgrade 東京']);
  assert.deepEqual((await messages.search('東京', ['general'], PAGE)).length, 1);
});

/** How many steps a board had before the message search's. */
const BEFORE_SEARCH = MIGRATIONS.findIndex((m) => m.name.startsWith('message search'));

/** A board from just before the search's step with a message in it, then brought up to date. */
async function olderBoard(t: TestContext, engine: Engine): Promise<EngineDb> {
  const before = `
    INSERT INTO users (name, name_key, password_hash, created_at) VALUES ('Old', 'old', 'x', 0);
    INSERT INTO public_messages (author_id, created_at, body, subject) VALUES (1, 1, 'posted before the upgrade 東京', 'old times')`;
  if (engine === 'sqlite') {
    const sqlite = openDatabase(':memory:', { migrateTo: BEFORE_SEARCH });
    t.after(() => sqlite.close());
    sqlite.exec(before);
    migrate(sqlite);
    return { engine, sqlite };
  }
  const { url, schema } = await freshSchema();
  const pg = PgDatabase.open(url, { schema, max: 2 });
  t.after(() => pg.close());
  await migratePg(pg, PG_MIGRATIONS, BEFORE_SEARCH);
  for (const sql of before.split(';')) await pg.run(sql);
  await migratePg(pg);
  return { engine, pg };
}

engineTest('a deleted message leaves the index', async (t, engine) => {
  const { db, messages, alice } = await board(t, engine);
  const gone = await messages.postMessage({ authorId: alice, body: 'ephemeral words', at: new Date(1) });
  await sqlRun(db, 'DELETE FROM public_messages WHERE id = ?', [gone.id]);
  assert.deepEqual(await messages.search('ephemeral', ['general'], PAGE), []);
});

engineTest('on PostgreSQL, a page that runs past the newest stretch walked by id is finished from the word index, newest first, with no hit twice', async (t, engine) => {
  if (engine !== 'postgres') return;
  const { db, messages, alice } = await board(t, engine);
  const body = (i: number): string => (i % 3 === 0 ? `modem number ${i}` : `filler number ${i}`);
  for (let i = 1; i <= 30; i++) await messages.postMessage({ authorId: alice, body: body(i), at: new Date(i) });
  const expected = Array.from({ length: 30 }, (_, k) => 30 - k).filter((i) => i % 3 === 0).map((i) => `modem number ${i}`);
  // A stretch of four messages: the first page takes its two hits from it and the rest from the index.
  const pg = (db as Extract<EngineDb, { engine: 'postgres' }>).pg;
  const page = async (beforeId?: number) => pgSearchMessages(pg, 'modem', ['general'], { limit: 4, ...(beforeId === undefined ? {} : { beforeId }) }, 4);
  const seen: string[] = [];
  let before: number | undefined;
  for (let guard = 0; guard < 10; guard++) {
    const hits = await page(before);
    if (hits.length === 0) break;
    seen.push(...hits.map((h) => h.message.body));
    before = hits.at(-1)!.message.id;
  }
  assert.deepEqual(seen, expected);
  assert.deepEqual((await pgSearchMessages(pg, 'xylophonic', ['general'], PAGE, 4)).length, 0);
});
