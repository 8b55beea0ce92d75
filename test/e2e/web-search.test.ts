import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { chromiumSkip, countDialogs, launchBrowser } from '../helpers/browser.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { SSH, SSH_INSTALL, SSHPASS } from '../helpers/ssh-client.js';
import { followLoginLink, sshLoginPath } from '../helpers/web-login.js';
import { PUBLIC_AND_MEMBERS_AREAS } from '../helpers/reader-areas.js';

/**
 * Search on the web reader against a real board: plain HTTP requests with
 * and without an account's session cookie (its login link from OpenSSH),
 * raw request targets for the hostile queries, and Chromium once to look at
 * the results page.
 */

const CONFIG = PUBLIC_AND_MEMBERS_AREAS;

const PUBLIC_SUBJECT = 'The <b>harvest</b> festival & "fair"';
const SECRET_SUBJECT = 'Members festival plan';

let board: BoardProcess;
let store: SqliteStore;
let scratch: string;
let ids: Record<'festival' | 'secret' | 'moscow' | 'tokyo', number>;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bbs-web-search-'));
  await writeFile(join(scratch, 'bbs.yaml'), CONFIG);
  board = await startBoardProcess({ args: ['--config', join(scratch, 'bbs.yaml')] });
  store = openSqliteStore(join(board.data, 'bbs.db'));
  const made = await store.users.create('Reader', 'reader-pass');
  assert.ok(made.ok);
  await store.users.setLevel(made.user.id, 'member');
  const poster = await store.users.create('Poster', 'poster-pass');
  assert.ok(poster.ok);
  const post = async (area: string, subject: string, body: string) => (await store.publicMessages.postMessage({ authorId: poster.user.id, body, at: new Date('2024-05-01T12:00:00Z'), area, subject })).id;
  ids = {
    festival: await post('general', PUBLIC_SUBJECT, 'Bring a basket to the festival <script>alert(1)</script> on Saturday.'),
    secret: await post('members', SECRET_SUBJECT, 'The festival budget, for members only.'),
    moscow: await post('general', 'Поездка', 'Встреча в Москве завтра утром.'),
    tokyo: await post('general', '旅行', '昨日は東京タワーに行った。とても高かった。'),
  };
});

after(async () => {
  await store?.close();
  await board?.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** A GET with the request target sent exactly as given (no URL parser in between), with a cookie when given. */
function get(target: string, cookie?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: board.ports.http, path: target, headers: cookie ? { cookie } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${target.slice(0, 80)}`)));
    req.end();
  });
}

const search = (q: string, extra = '', cookie?: string) => get(`/read/search?q=${encodeURIComponent(q)}${extra}`, cookie);

/** The message pages a results page links to, in its order. */
function hitIds(body: string): number[] {
  const list = /<ol class="cards results">([\s\S]*?)<\/ol>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<h2><a href="\/read\/message\/(\d+)">/g)].map((m) => Number(m[1]));
}

test('a guest finds a word only in the public areas; an account finds it in the members area too', { timeout: 60_000 }, async (t) => {
  const guest = await search('festival');
  assert.equal(guest.status, 200);
  assert.match(guest.type, /^text\/html/);
  assert.deepEqual(hitIds(guest.body), [ids.festival]);
  assert.match(guest.body, /<h1>1 message found<\/h1>/);
  assert.doesNotMatch(guest.body, new RegExp(SECRET_SUBJECT), 'nothing of a members area');
  assert.ok(guest.body.includes('The &lt;b&gt;harvest&lt;/b&gt; festival &amp; &quot;fair&quot;'), 'the subject as text');
  assert.ok(guest.body.includes('<mark>festival</mark> &lt;script&gt;alert(1)&lt;/script&gt;'), 'the excerpt escaped, the match marked');

  if (!SSH() || !SSHPASS()) return t.skip(`OpenSSH and sshpass are missing: ${SSH_INSTALL}`);
  const cookie = await logInCookie();
  const member = await search('festival', '', cookie);
  assert.equal(member.status, 200);
  assert.match(member.body, /Reading as <b>Reader<\/b>/);
  assert.deepEqual(hitIds(member.body), [ids.secret, ids.festival], 'both, newest first');
  const oneArea = await search('festival', '&area=members', cookie);
  assert.deepEqual(hitIds(oneArea.body), [ids.secret], 'area= searches that area only');
});

/** Logs Reader in through its one-time link and returns the cookie to send. */
async function logInCookie(): Promise<string> {
  const path = await sshLoginPath(board.ports.ssh!, 'Reader', 'reader-pass');
  const res = await followLoginLink(`http://127.0.0.1:${board.ports.http}`, path);
  assert.equal(res.status, 303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.match(cookie, /^bbs_session=/);
  return cookie;
}

test('words of several scripts are found: Cyrillic in any case, 東京 inside a Japanese sentence', { timeout: 30_000 }, async () => {
  const moscow = await search('МОСКВЕ');
  assert.deepEqual(hitIds(moscow.body), [ids.moscow]);
  assert.ok(moscow.body.includes('Встреча в <mark>Москве</mark> завтра'), moscow.body);
  const tokyo = await search('東京');
  assert.deepEqual(hitIds(tokyo.body), [ids.tokyo]);
  assert.ok(tokyo.body.includes('昨日は<mark>東京</mark>タワーに行った'));
  const both = await search('festival basket', '&area=general');
  assert.deepEqual(hitIds(both.body), [ids.festival], 'every word must be there');
  const none = await search('festival москве');
  assert.match(none.body, /<h1>No messages found<\/h1>/);
});

test('results come a page at a time, the older page by the last id shown', { timeout: 60_000 }, async () => {
  const poster = (await store.users.findByName('Poster'))!;
  const paged: number[] = [];
  for (let i = 0; i < 23; i++) paged.push((await store.publicMessages.postMessage({ authorId: poster.id, body: `Turnip number ${i}`, at: new Date(), area: 'general', subject: `Turnip ${i}` })).id);
  const first = await search('turnip');
  assert.deepEqual(hitIds(first.body), paged.slice(3).reverse());
  assert.match(first.body, /<h1>20 messages found, and more<\/h1>/);
  const next = /<a rel="next" href="([^"]+)">Older results<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
  assert.equal(next, `/read/search?q=turnip&before=${paged[3]}`);
  const second = await get(next);
  assert.deepEqual(hitIds(second.body), paged.slice(0, 3).reverse());
  assert.match(second.body, /<h1>3 older messages found<\/h1>/);
  assert.doesNotMatch(second.body, /Older results/);
  assert.equal((await get('/read/search?q=turnip&before=abc')).status, 400, 'a cursor that is no id gets a page that says so');
});

test('any query answers with a page: quotes, operators, 5,000 characters, NUL, emoji, lone surrogates, broken percent-encoding', { timeout: 60_000 }, async () => {
  const targets = [
    `/read/search?q=${encodeURIComponent('"festival" AND -basket OR * NEAR(x) \'; DROP TABLE users; --')}`,
    `/read/search?q=${'festival+'.repeat(556)}`,
    `/read/search?q=${encodeURIComponent('東'.repeat(600))}`,
    '/read/search?q=festival%00%00',
    `/read/search?q=${encodeURIComponent('🎉🎉 festival 👍🏽')}`,
    '/read/search?q=%ED%A0%80festival%ED%B0%80',
    '/read/search?q=%zz%E0%A4%%festival%',
    '/read/search?q=',
    '/read/search',
    '/read/search?q=%22%22',
    '/read/search?q=festival&q=other&area=',
  ];
  for (const target of targets) {
    const a = await get(target);
    assert.equal(a.status, 200, `${target.slice(0, 80)}: ${a.body.slice(0, 300)}`);
    assert.match(a.type, /^text\/html/);
    assert.match(a.body, /<\/html>\n$/, 'a whole page');
    assert.doesNotMatch(a.body, /[\x00\ud800-\udfff]/u, 'no NUL or lone surrogate reaches the page');
  }
  assert.match((await get(targets[1]!)).body, /Only the first 200 characters of your search were used/);
  assert.match((await get('/read/search?q=%22%22')).body, /Type one or more words/);
  assert.equal(board.child.exitCode, null, 'the board is still up');
  assert.doesNotMatch(board.output(), /web reader failed/);
});

test("a guest naming a members' area is refused as on that area's page, and it is never searched", { timeout: 30_000 }, async () => {
  const refused = await search('festival', '&area=members');
  assert.equal(refused.status, 403);
  assert.match(refused.body, /log in to read this/i);
  assert.doesNotMatch(refused.body, new RegExp(SECRET_SUBJECT));
  const unknown = await search('festival', '&area=nowhere%00%3Cb%3E');
  assert.equal(unknown.status, 404);
  assert.match(unknown.body, /No such area/);
});

test('in Chromium: the search box on the areas page leads to the results, which fit a phone', { timeout: 90_000 }, async (t) => {
  const skip = chromiumSkip();
  if (skip) return t.skip(skip);
  const browser = await launchBrowser({ width: 1280, height: 800 }, t);
  const page = await browser.context.newPage();
  const dialogs = countDialogs(page);
  await page.goto(`http://127.0.0.1:${board.ports.http}/read/`);
  await page.getByRole('search').getByLabel('Search every area you may read').fill('festival');
  await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => url.pathname === '/read/search');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'festival', 'the results have a link to share');
  assert.equal(await page.locator('h1').innerText(), '1 message found');
  assert.equal(await page.getByRole('listitem').filter({ has: page.locator('mark') }).count(), 1);
  assert.equal(await page.locator('mark').first().innerText(), 'festival');
  assert.equal(await page.getByRole('link', { name: PUBLIC_SUBJECT }).getAttribute('href'), `/read/message/${ids.festival}`);
  assert.equal(await page.locator('script').count(), 0);
  assert.equal(dialogs(), 0);
  await page.screenshot({ path: '/tmp/web-search-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`http://127.0.0.1:${board.ports.http}/read/search?q=festival`);
  await page.screenshot({ path: '/tmp/web-search-phone.png', fullPage: true });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll on a phone');
});
