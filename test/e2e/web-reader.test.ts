import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { PublicMessage, User } from '../../src/store/types.js';
import { chromiumSkip, countDialogs, launchBrowser } from '../helpers/browser.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { SSH, SSH_INSTALL, SSHPASS } from '../helpers/ssh-client.js';
import { followLoginLink, sshLoginPath, sshWeb as sshWebOf } from '../helpers/web-login.js';
import { logIn } from '../helpers/terminal-login.js';
import { TelnetClient } from '../callers/telnet.js';
import { PUBLIC_AND_MEMBERS_AREAS } from '../helpers/reader-areas.js';

/**
 * The web reader through real clients: Debian's Chromium for the pages and
 * forms, OpenSSH for the login link, the board's own database for what was
 * posted and read.
 */

const CONFIG = PUBLIC_AND_MEMBERS_AREAS;

const HOSTILE_SUBJECT = '<script>alert(1)</script> & "quotes"';
const HOSTILE_BODY = 'Look: <img src=x onerror=alert(1)>\n\x1b[31mred\x1b[0m and a bell\x07';
const SECRET_TEXT = 'the members-only plan';

let board: BoardProcess;
let store: SqliteStore;
let scratch: string;
let base: string;
let reader: User;
let thread: PublicMessage[];

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bbs-web-reader-'));
  await writeFile(join(scratch, 'bbs.yaml'), CONFIG);
  board = await startBoardProcess({ args: ['--config', join(scratch, 'bbs.yaml')] });
  base = `http://127.0.0.1:${board.ports.http}`;
  store = openSqliteStore(join(board.data, 'bbs.db'));
  const made = await store.users.create('Reader', 'reader-pass');
  assert.ok(made.ok);
  reader = await store.users.setLevel(made.user.id, 'member');
  const poster = await store.users.create('Poster<b>', 'poster-pass');
  assert.ok(poster.ok);
  const at = new Date('2024-05-01T12:00:00Z');
  const root = await store.publicMessages.postMessage({ authorId: poster.user.id, body: HOSTILE_BODY, at, area: 'general', subject: HOSTILE_SUBJECT });
  const second = await store.publicMessages.postMessage({ authorId: poster.user.id, body: 'A second word.', at, parentId: root.id, subject: 'Re: hello' });
  await store.publicMessages.postMessage({ authorId: poster.user.id, body: SECRET_TEXT, at, area: 'members', subject: 'Members plan' });
  thread = [root, second];
});

after(async () => {
  await store?.close();
  await board?.stop();
  await rm(scratch, { recursive: true, force: true });
});

function needClients(t: TestContext): boolean {
  const skip = chromiumSkip() || (SSH() && SSHPASS() ? false : `OpenSSH and sshpass are missing: ${SSH_INSTALL}`);
  if (skip) t.skip(skip);
  return !skip;
}

const sshWeb = (user: string, password?: string) => sshWebOf(board.ports.ssh!, user, password);
const loginLink = async (): Promise<string> => base + (await sshLoginPath(board.ports.ssh!, 'Reader', 'reader-pass'));

test('a guest reads the public areas, sees hostile text as text, and is refused a members area', { timeout: 90_000 }, async (t) => {
  if (!needClients(t)) return;
  const browser = await launchBrowser({ width: 1280, height: 800 }, t);
  const page = await browser.context.newPage();
  const dialogs = countDialogs(page);
  const areas = await page.goto(`${base}/read/`);
  assert.equal(areas?.status(), 200);
  assert.match(areas?.headers()['content-security-policy'] ?? '', /form-action 'self'/);
  const list = await page.locator('main').innerText();
  assert.match(list, /General/);
  assert.doesNotMatch(list, /Members/, 'a guest is not shown the members area');
  await page.getByRole('link', { name: 'General' }).click();
  await page.getByRole('link', { name: HOSTILE_SUBJECT }).click();
  assert.equal(new URL(page.url()).pathname, `/read/thread/${thread[0]!.id}`);
  assert.equal(await page.locator('h1').innerText(), HOSTILE_SUBJECT, 'the subject is shown as the text it is');
  assert.equal(await page.locator('script, img[src="x"]').count(), 0, 'no markup from a message made it into the page');
  const body = await page.locator(`#m${thread[0]!.id} .body`).innerText();
  assert.match(body, /<img src=x onerror=alert\(1\)>/);
  assert.match(body, /\^\[\[31mred\^\[\[0m and a bell\^G/, 'control characters are made visible, as on the terminal');
  assert.match(await page.locator(`#m${thread[0]!.id} h2`).innerText(), /Poster<b>/);
  assert.equal(dialogs(), 0);
  await page.screenshot({ path: '/tmp/web-reader-guest-thread-desktop.png', fullPage: true });

  const refused = await page.goto(`${base}/read/area/members/`);
  assert.equal(refused?.status(), 403);
  assert.match(await page.locator('main').innerText(), /log in to read this/i);
  const [secret] = await store.publicMessages.listInArea('members', 1);
  const byId = await page.goto(`${base}/read/message/${secret!.id}`);
  assert.equal(byId?.status(), 403);
  assert.doesNotMatch(await page.content(), new RegExp(SECRET_TEXT), 'never the content');
});

test('ssh NAME@host web logs the account in once: it reads, replies in the thread, and its read pointer moves', { timeout: 120_000 }, async (t) => {
  if (!needClients(t)) return;
  const anonymous = await sshWeb('bbs');
  assert.notEqual(anonymous.code, 0);
  assert.match(anonymous.stderr, /web logs your own account in/);
  assert.doesNotMatch(anonymous.stdout, /login/);

  const link = await loginLink();
  const browser = await launchBrowser({ width: 1280, height: 800 }, t);
  const page = await browser.context.newPage();
  // Opening the link spends nothing (a chat program's preview must not use it up): only the button logs in.
  await page.goto(link);
  await page.goto(link);
  await page.screenshot({ path: '/tmp/web-reader-login.png' });
  assert.equal((await browser.context.cookies()).filter((c) => c.name === 'bbs_session').length, 0, 'no session before the button');
  await page.getByRole('button', { name: 'Log in as Reader' }).click();
  await page.waitForURL((url) => url.pathname === '/read/', { timeout: 10_000 });
  assert.match(await page.locator('header').innerText(), /Reading as Reader/);
  const cookie = (await browser.context.cookies()).find((c) => c.name === 'bbs_session');
  assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.secure, false, 'no Secure flag on a board served over plain http');
  assert.match(await page.locator('main').innerText(), /Members/, 'a member sees the members area');
  await page.screenshot({ path: '/tmp/web-reader-areas-desktop.png', fullPage: true });

  assert.ok((await store.areaReads.unreadCount(reader.id, 'general')) > 0);
  await page.goto(`${base}/read/thread/${thread[0]!.id}`);
  assert.equal(await page.locator('.message .new').count(), 2, 'both messages are new to this reader');
  // The terminal's unread count reads the same pointer: nothing in the thread waits unread any more.
  assert.equal(await store.areaReads.lastRead(reader.id, 'general'), thread[1]!.id);
  assert.equal(await store.areaReads.unreadCount(reader.id, 'general'), 0);

  await page.locator(`#m${thread[0]!.id}`).getByRole('link', { name: 'reply' }).click();
  await page.getByLabel('Message').fill('Posted from the web.\nSecond line.');
  await page.getByRole('button', { name: 'Post the reply' }).click();
  await page.waitForURL((url) => url.pathname === `/read/thread/${thread[0]!.id}`, { timeout: 10_000 }).catch(async () => assert.fail(await page.locator('main').innerText()));
  const posted = (await store.publicMessages.listInAreaNewestFirst('general', 1))[0]!;
  assert.equal(posted.body, 'Posted from the web.\nSecond line.');
  assert.equal(posted.parentId, thread[0]!.id, 'the reply answers the message replied to');
  assert.equal(posted.authorId, reader.id);
  assert.deepEqual((await store.publicMessages.thread(posted.id)).map((m) => m.id), [...thread.map((m) => m.id), posted.id], 'it is in that thread');
  assert.equal(new URL(page.url()).pathname, `/read/thread/${thread[0]!.id}`);
  assert.match(await page.locator(`#m${posted.id} .body`).innerText(), /Posted from the web/);

  await page.goto(`${base}/read/area/general/`);
  await page.getByRole('link', { name: 'Start a new thread' }).click();
  await page.getByLabel('Subject').fill('Fresh from the browser');
  await page.getByLabel('Message').fill('A new thread, with a line longer than any terminal line may be: ' + 'word '.repeat(60));
  await page.getByRole('button', { name: 'Post the thread' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/read/thread/'), { timeout: 10_000 }).catch(async () => assert.fail(await page.locator('main').innerText()));
  const topic = (await store.publicMessages.listInAreaNewestFirst('general', 1))[0]!;
  assert.equal(topic.subject, 'Fresh from the browser');
  assert.equal(topic.parentId, null);
  assert.ok(topic.body.split('\n').every((line) => line.length <= 200) && topic.body.split('\n').length > 1, 'the long line was wrapped as the editor wraps it');

  // A form post without the session's token, or with another, changes nothing.
  const count = await store.publicMessages.count();
  const forged = await browser.context.request.post(`${base}/read/message/${thread[0]!.id}/reply`, { form: { subject: 'Forged', body: 'not from the form' } });
  assert.equal(forged.status(), 403);
  const wrong = await browser.context.request.post(`${base}/read/message/${thread[0]!.id}/reply`, { form: { subject: 'Forged', body: 'not from the form', csrf: 'A'.repeat(43) } });
  assert.equal(wrong.status(), 403);
  const elsewhere = await browser.context.request.post(`${base}/read/message/${thread[0]!.id}/reply`, { form: { subject: 'Forged', body: 'x', csrf: await page.locator('input[name=csrf]').first().inputValue() }, headers: { Origin: 'http://evil.example' } });
  assert.equal(elsewhere.status(), 403, 'another site as Origin is refused even with the token');
  assert.equal(await store.publicMessages.count(), count, 'nothing was posted');

  // The link was spent: following it again, in another browser, logs nobody in.
  const again = await launchBrowser({ width: 390, height: 844 }, t);
  const second = await again.context.newPage();
  const reused = await second.goto(link);
  assert.equal(reused?.status(), 410);
  assert.match(await second.locator('main').innerText(), /used already/);
  assert.equal((await again.context.cookies()).filter((c) => c.name === 'bbs_session').length, 0);
  await second.goto(`${base}/read/thread/${thread[0]!.id}`);
  await second.screenshot({ path: '/tmp/web-reader-thread-phone.png', fullPage: true });
  assert.ok(await second.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll on a phone');

  // Logging out ends the session on the board, not only in this browser.
  await page.screenshot({ path: '/tmp/web-reader-thread-desktop.png', fullPage: true });
  const saved = (await browser.context.cookies()).find((c) => c.name === 'bbs_session')!;
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL((url) => url.pathname === '/read/');
  assert.match(await page.locator('header').innerText(), /Reading as a guest/);
  await again.context.addCookies([{ ...saved }]);
  await second.goto(`${base}/read/`);
  assert.match(await second.locator('header').innerText(), /Reading as a guest/, 'a copy of the logged-out cookie is a guest');
});

test("the main menu's R shows a telnet caller the same one-time link, which sets a session cookie once", { timeout: 60_000 }, async () => {
  const c = await TelnetClient.connect(board.ports.telnet!, { cols: 132, rows: 40 });
  let url = '';
  try {
    await logIn({ expect: (p) => c.waitFor(p), send: (k) => c.type(k), line: (t) => c.line(t) }, 'Reader', 'reader-pass', { key: 'y' });
    await c.waitFor(/> $/);
    const shown = c.mark();
    c.type('R');
    await c.waitFor(/\/login\/\S+\s/);
    url = /(http:\/\/\S+\/login\/\S+)/.exec(c.text(shown))?.[1] ?? '';
    assert.match(c.text(shown), /once, within 10 minutes/);
  } finally {
    c.close();
  }
  const path = new URL(url).pathname;
  // The button pressed from another site's page logs nobody in, and leaves the link unspent.
  const forged = await fetch(base + path, { method: 'POST', redirect: 'manual', headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(forged.status, 403);
  assert.equal(forged.headers.get('set-cookie'), null);
  const first = await followLoginLink(base, path);
  assert.equal(first.status, 303);
  assert.equal(first.headers.get('location'), '/read/');
  assert.match(first.headers.get('set-cookie') ?? '', /^bbs_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const areas = await (await fetch(`${base}/read/`, { headers: { cookie } })).text();
  assert.match(areas, /Reading as <b>Reader<\/b>/);
  const second = await fetch(base + path, { method: 'POST', redirect: 'manual', headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(second.status, 410);
  assert.equal((await fetch(base + path, { redirect: 'manual' })).status, 410, 'the page of a spent link says so');
  assert.equal(second.headers.get('set-cookie'), null);
});
