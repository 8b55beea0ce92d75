import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { PublicMessage } from '../../src/store/types.js';
import { NntpRawCaller } from '../callers/nntp-raw.js';
import { TelnetClient } from '../callers/telnet.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { logIn } from '../helpers/terminal-login.js';
import { followLoginLink } from '../helpers/web-login.js';

/**
 * One read pointer per account and area, seen from the terminal: an article
 * read in a newsreader, and a thread read on the web, are not new to the
 * main menu's count or the new-scan of the same account's next call.
 */

const PASSWORD = 'password1';
const CONFIG = `
areas:
  - { name: general, title: General, description: Anything goes, read: new, post: new }
`;

let board: BoardProcess;
let store: SqliteStore;
let scratch: string;
let readerId: number;
let posterId: number;
let thread: PublicMessage[];

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'bbs-one-pointer-'));
  await writeFile(join(scratch, 'bbs.yaml'), CONFIG);
  board = await startBoardProcess({ args: ['--config', join(scratch, 'bbs.yaml')] });
  store = openSqliteStore(join(board.data, 'bbs.db'));
  const reader = await store.users.create('Reader', PASSWORD);
  const poster = await store.users.create('Poster', PASSWORD);
  assert.ok(reader.ok && poster.ok);
  readerId = reader.user.id;
  posterId = poster.user.id;
  const at = new Date('2024-05-01T12:00:00Z');
  const root = await store.publicMessages.postMessage({ authorId: posterId, body: 'The first one.', at, area: 'general', subject: 'Hello' });
  const second = await store.publicMessages.postMessage({ authorId: posterId, body: 'The second one.', at, parentId: root.id, subject: 'Re: Hello' });
  const third = await store.publicMessages.postMessage({ authorId: posterId, body: 'The newest one.', at, parentId: second.id, subject: 'Re: Hello' });
  thread = [root, second, third];
});

after(async () => {
  await store?.close();
  await board?.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface Call {
  /** The main menu's count of new messages beside N. */
  fresh: number;
  /** What N showed, when it was pressed. */
  scan: string | null;
  /** The login link R showed, when it was pressed. */
  link: string | null;
}

/** One call as Reader over telnet: the main menu's count, then N (the new-scan) and R (a login link) when asked, then log off. */
async function call(keys: { scan?: boolean; link?: boolean }): Promise<Call> {
  const c = await TelnetClient.connect(board.ports.telnet!, { cols: 100, rows: 40 });
  try {
    const start = c.mark();
    await logIn({ expect: (p) => c.waitFor(p, { timeoutMs: 30_000 }), send: (k) => c.type(k), line: (t) => c.line(t) }, 'Reader', PASSWORD, { key: 'y' });
    await c.waitFor(/> $/, { timeoutMs: 15_000 });
    const counts = [...c.text(start).matchAll(/New-scan\s+(\d+) new/g)];
    assert.ok(counts.length > 0, c.text(start));
    const result: Call = { fresh: Number(counts.at(-1)![1]), scan: null, link: null };
    if (keys.scan) {
      const from = c.mark();
      c.type('N');
      await c.waitFor(/MAIN MENU[\s\S]*> $/, { from, timeoutMs: 15_000 });
      result.scan = c.text(from);
    }
    if (keys.link) {
      const from = c.mark();
      c.type('R');
      await c.waitFor(/\/login\/\S+\s[\s\S]*> $/, { from, timeoutMs: 15_000 });
      result.link = /(http:\/\/\S+\/login\/\S+)/.exec(c.text(from))?.[1] ?? null;
    }
    await c.logOff();
    return result;
  } finally {
    c.close();
  }
}

/** ARTICLE by number over the news port, logged in as Reader; DATE after it, so the read is done when this returns. */
async function readOverNntp(id: number): Promise<void> {
  const c = await NntpRawCaller.dial(board.ports.nntp!);
  try {
    await c.until(/^200 .*\n/m);
    c.send(`AUTHINFO USER Reader\r\nAUTHINFO PASS ${PASSWORD}\r\n`);
    await c.until(/^281 /m, 30_000);
    c.send('LIST ACTIVE\r\n');
    const group = /^(\S+\.general) /m.exec(await c.until(/^\.\n/m))?.[1];
    assert.ok(group, 'the area is a newsgroup');
    c.send(`GROUP ${group}\r\n`);
    await c.until(/^211 /m);
    c.send(`ARTICLE ${id}\r\n`);
    const article = await c.until(/^\.\n/m);
    assert.match(article, /^220 /m);
    assert.match(article, /The newest one\./);
    c.send('DATE\r\nQUIT\r\n');
    await c.until(/^205 /m);
  } finally {
    c.close();
  }
}

test('read in a newsreader, then on the web: the terminal shows neither as new', { timeout: 120_000 }, async () => {
  assert.equal(await store.areaReads.unreadCount(readerId, 'general'), 3, 'all three are new to begin with');

  // The newest message read over NNTP moves the area's pointer past all three.
  await readOverNntp(thread[2]!.id);
  const afterNews = await call({ scan: true, link: true });
  assert.equal(afterNews.fresh, 0, "the main menu's count");
  assert.match(afterNews.scan!, /Nothing new since your last visit/, 'the new-scan agrees');
  assert.doesNotMatch(afterNews.scan!, /New-scan: \d+ new message/);

  // The one-time link R showed, followed once: the account's session cookie.
  assert.ok(afterNews.link, 'R shows a login link');
  const base = `http://127.0.0.1:${board.ports.http}`;
  const followed = await followLoginLink(base, new URL(afterNews.link).pathname);
  assert.equal(followed.status, 303);
  const cookie = (followed.headers.get('set-cookie') ?? '').split(';')[0]!;
  assert.match(cookie, /^bbs_session=/);

  // Someone else answers; the terminal counts it new until it is read on the web.
  const answer = await store.publicMessages.postMessage({ authorId: posterId, body: 'A fresh answer.', at: new Date(), parentId: thread[2]!.id, subject: 'Re: Hello' });
  const beforeWeb = await call({});
  assert.equal(beforeWeb.fresh, 1, 'the new answer is counted new');

  const page = await fetch(`${base}/read/thread/${thread[0]!.id}`, { headers: { cookie } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Reading as <b>Reader<\/b>/);
  assert.ok(html.includes(`id="m${answer.id}"`), 'the thread page shows the answer');

  const afterWeb = await call({ scan: true });
  assert.equal(afterWeb.fresh, 0, "the main menu's count after the web read");
  assert.match(afterWeb.scan!, /Nothing new since your last visit/, 'the new-scan agrees');
  assert.doesNotMatch(afterWeb.scan!, /A fresh answer/);
});
