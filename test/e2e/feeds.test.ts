import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { htmlText, parseFeed, type ParsedFeed } from '../helpers/feed-parser.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';

/**
 * The feeds on the real board's HTTP port, read by Debian's feedparser: a
 * public area's newest 50 messages, newest first, with their titles,
 * authors, links and ids; a members' area that no feed shows and whose
 * address cannot be told from an unknown one; private mail nowhere; and the
 * conditional GETs that feed readers poll with.
 */

const CONFIG = `board:
  name: Feed Test
areas:
  - { name: general, title: General, description: Anything goes, read: new, post: new }
  - { name: members, title: Members, description: For members, read: member, post: member }
  - { name: sysop, title: Sysop, read: sysop, post: sysop }
`;

let board: BoardProcess;
let store: SqliteStore;
let base: string;
let configDir = '';
let author = 0;
let newest = 0;
const SECRET_MEMBERS = 'members-only-words-7f3a';
const SECRET_MAIL = 'private-mail-words-91c2';

before(async () => {
  configDir = await mkdtemp(join(tmpdir(), 'bbs-feeds-config-'));
  await writeFile(join(configDir, 'bbs.yaml'), CONFIG);
  board = await startBoardProcess({ args: ['--config', join(configDir, 'bbs.yaml')] });
  base = `http://127.0.0.1:${board.ports.http}`;
  // The board's own database, opened beside it (SQLite in WAL mode takes a second reader and writer).
  store = openSqliteStore(join(board.data, 'bbs.db'), {}, { threads: 1 });
  const made = await store.users.create('Alice <&>', 'password1');
  assert.ok(made.ok);
  author = made.user.id;
  const other = await store.users.create('bob', 'password1');
  assert.ok(other.ok);
  const start = Date.UTC(2026, 0, 1);
  // 55 messages, so the feed has to pick the newest 50; a member's and a sysop's message beside them.
  for (let i = 1; i <= 55; i++) {
    const at = new Date(start + i * 60_000);
    const m = await store.publicMessages.postMessage({ authorId: author, area: 'general', subject: `Post ${i} <b>]]>`, body: `Body ${i}`, at });
    newest = m.id;
  }
  await store.publicMessages.postMessage({ authorId: author, area: 'members', subject: SECRET_MEMBERS, body: SECRET_MEMBERS, at: new Date(start) });
  await store.publicMessages.postMessage({ authorId: author, area: 'sysop', subject: 'Board business', body: SECRET_MEMBERS, at: new Date(start) });
  await store.privateMessages.send(author, other.user.id, SECRET_MAIL, new Date(start), SECRET_MAIL);
});

after(async () => {
  await store?.close();
  await board?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

async function parsed(format: 'atom' | 'rss'): Promise<{ res: Response; text: string; feed: ParsedFeed }> {
  const res = await fetch(`${base}/feeds/general.${format}`);
  const text = await res.text();
  return { res, text, feed: await parseFeed(text) };
}

for (const [format, type, version] of [
  ['atom', 'application/atom+xml; charset=utf-8', 'atom10'],
  ['rss', 'application/rss+xml; charset=utf-8', 'rss20'],
] as const) {
  test(`${format}: the public area's newest 50 messages, newest first, as feedparser reads them`, { timeout: 60_000 }, async () => {
    const { res, text, feed } = await parsed(format);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), type);
    assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.equal(feed.bozo, false, feed.bozo_exception ?? '');
    assert.equal(feed.strict_error, null);
    assert.equal(feed.version, version);
    assert.equal(feed.title, 'Feed Test: General');
    assert.equal(feed.links.find((l) => l.rel === 'self')?.href, `${base}/feeds/general.${format}`);
    assert.equal(feed.entries.length, 50);
    const ids = Array.from({ length: 50 }, (_, i) => newest - i);
    assert.deepEqual(
      feed.entries.map((e) => [e.id, e.link]),
      ids.map((id) => [`tag:feedtest.bbs,2010:message/${id}`, `${base}/read/message/${id}`]),
    );
    assert.deepEqual(
      feed.entries.slice(0, 2).map((e) => htmlText(e.title.value!)),
      ['Post 55 <b>]]>', 'Post 54 <b>]]>'],
    );
    assert.equal(feed.entries[0]!.author, 'Alice <&>');
    assert.equal(htmlText(feed.entries[0]!.content!), 'Body 55');
    assert.equal(new Date(feed.entries[49]!.published!).toISOString(), new Date(Date.UTC(2026, 0, 1) + 6 * 60_000).toISOString());
    assert.ok(!text.includes(SECRET_MEMBERS) && !text.includes(SECRET_MAIL), 'no members’ message and no mail in a public feed');
  });
}

test('a members’ area, a sysop area, an unknown one and odd paths are the same 404 as any unknown address', { timeout: 30_000 }, async () => {
  const plain = await fetch(`${base}/no-such-page`);
  const expected = [plain.status, plain.headers.get('content-type'), await plain.text()];
  assert.equal(expected[0], 404);
  for (const path of ['/feeds/members.atom', '/feeds/members.rss', '/feeds/sysop.atom', '/feeds/nowhere.rss', '/feeds/', '/feeds/general.json', '/feeds/GENERAL.atom', '/feeds/general.atom/x']) {
    const res = await fetch(`${base}${path}`);
    assert.deepEqual([res.status, res.headers.get('content-type'), await res.text()], expected, path);
  }
});

test('a feed answers HEAD with its headers and refuses other methods', { timeout: 30_000 }, async () => {
  const head = await fetch(`${base}/feeds/general.atom`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.ok(Number(head.headers.get('content-length')) > 0);
  assert.equal(await head.text(), '');
  const post = await fetch(`${base}/feeds/general.atom`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
});

test('conditional GETs get 304 until a new message arrives; then the new one leads the feed', { timeout: 60_000 }, async () => {
  const first = await fetch(`${base}/feeds/general.rss`);
  await first.arrayBuffer();
  const etag = first.headers.get('etag')!;
  const lastModified = first.headers.get('last-modified')!;
  assert.match(etag, /^"[^"]+"$/);
  assert.ok(!Number.isNaN(Date.parse(lastModified)));
  const byTag = await fetch(`${base}/feeds/general.rss`, { headers: { 'If-None-Match': etag } });
  assert.equal(byTag.status, 304);
  assert.equal(await byTag.text(), '');
  assert.equal(byTag.headers.get('etag'), etag);
  const byDate = await fetch(`${base}/feeds/general.rss`, { headers: { 'If-Modified-Since': lastModified } });
  assert.equal(byDate.status, 304);
  // An ETag that does not match wins over a date that would.
  const stale = await fetch(`${base}/feeds/general.rss`, { headers: { 'If-None-Match': '"old"', 'If-Modified-Since': lastModified } });
  assert.equal(stale.status, 200);
  await stale.arrayBuffer();

  const posted = await store.publicMessages.postMessage({ authorId: author, area: 'general', subject: 'Fresh news', body: 'Just in.', at: new Date() });
  const after = await fetch(`${base}/feeds/general.rss`, { headers: { 'If-None-Match': etag } });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.get('etag'), etag);
  const feed = await parseFeed(await after.text());
  assert.equal(feed.entries.length, 50);
  assert.equal(feed.entries[0]!.id, `tag:feedtest.bbs,2010:message/${posted.id}`);
  assert.equal(htmlText(feed.entries[0]!.title.value!), 'Fresh news');
});
