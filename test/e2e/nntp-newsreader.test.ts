import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { JsonCaller } from '../callers/json.js';
import { NntpRawCaller } from '../callers/nntp-raw.js';
import { startBoardProcess, ROOT, type BoardProcess } from '../helpers/spawned-board.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';

/**
 * The NNTP port against Python's nntplib (Debian's python3 ships it), on the
 * real board: the whole reader command set, AUTHINFO, a post and a threaded
 * follow-up that land where the board puts them, a guest kept out of a
 * members' area, wrong passwords in the board's own back-off, and ARTICLE
 * moving the same read pointer the board's new-scan reads.
 */

const PYTHON = '/usr/bin/python3';
const READER = join(ROOT, 'test/callers/nntp-reader.py');
const PREFIX = 'nntptest';
const PASSWORD = 'password1';
const CONFIG = `board:
  name: NNTP Test
areas:
  - { name: general, title: General, description: Anything goes, read: new, post: new }
  - { name: retro, title: Retro, read: new, post: member }
  - { name: members, title: Members, description: For members, read: member, post: member }
  - { name: sysop, title: Sysop, read: sysop, post: sysop }
`;

let board: BoardProcess;
let store: SqliteStore;
const ids: Record<string, number> = {};
let alice = 0;

before(async () => {
  board = await startBoardProcess({ args: ['--config', await configFile()], env: { BBS_PASSWORD_WAIT: '4', BBS_IDLE_TIMEOUT: '10' } });
  // The board's own database, opened beside it (SQLite in WAL mode takes a second reader and writer).
  store = openSqliteStore(join(board.data, 'bbs.db'), {}, { threads: 1 });
  const sysop = await created('sysop');
  alice = await created('alice');
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const post = async (key: string, area: string, subject: string, body: string, parentId?: number): Promise<void> => {
    ids[key] = (await store.publicMessages.postMessage({ authorId: sysop, area, subject, body, at, ...(parentId ? { parentId } : {}) })).id;
  };
  await post('root', 'general', 'The root', 'First line.\n.starts with a dot\n\u001b[31mred?\u001b[0m');
  await post('second', 'general', 'Zweite Nachricht, grüß dich', 'Second.');
  await post('members', 'members', 'Members only', 'Hush.');
  await post('sysop', 'sysop', 'Sysop only', 'Board business.');
});

after(async () => {
  await store?.close();
  await board?.stop();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

let configDir = '';
async function configFile(): Promise<string> {
  configDir = await mkdtemp(join(tmpdir(), 'bbs-nntp-config-'));
  const path = join(configDir, 'bbs.yaml');
  await writeFile(path, CONFIG);
  return path;
}

async function created(name: string): Promise<number> {
  const made = await store.users.create(name, PASSWORD);
  assert.ok(made.ok);
  return made.user.id;
}

async function reader<T>(scenario: string, args: Record<string, unknown>, source = '127.0.0.1'): Promise<T> {
  const { stdout } = await promisify(execFile)(PYTHON, [READER, scenario, String(board.ports.nntp), source, JSON.stringify({ prefix: PREFIX, ...args })], { timeout: 90_000 });
  return JSON.parse(stdout) as T;
}

const msgid = (id: number): string => `<${id}@${PREFIX}.bbs>`;

test('the port is announced and named after the board', () => {
  assert.match(board.output(), /listening nntp 127\.0\.0\.1:\d+/);
  assert.ok(board.ports.nntp! > 0);
});

test('a guest reads the public areas only, and may not post', { timeout: 60_000 }, async () => {
  const out = await reader<Record<string, unknown>>('guest', { members_msgid: msgid(ids.members!) });
  assert.match(out.welcome as string, /^200 /);
  assert.deepEqual((out.caps as Record<string, string[]>).AUTHINFO, ['USER']);
  assert.deepEqual(out.groups, [`${PREFIX}.general`, `${PREFIX}.retro`]);
  assert.match(out.members_group as string, /^480 /);
  assert.match(out.sysop_group as string, /^480 /);
  assert.match(out.post as string, /^480 /);
  assert.deepEqual(out.general, [2, ids.root, ids.second, `${PREFIX}.general`]);
  assert.match(out.members_by_msgid as string, /^430 /);
  const article = out.article as string[];
  assert.ok(article.includes(`Message-ID: ${msgid(ids.root!)}`));
  // The escape byte reaches no newsreader's terminal; a body line starting with a dot survives stuffing.
  assert.ok(article.includes('^[[31mred?^[[0m'), article.join('\n'));
  assert.ok(article.includes('.starts with a dot'));
});

test('ARTICLE by an account moves its read pointer: the board no longer counts that message unread; HEAD does not', { timeout: 60_000 }, async () => {
  assert.equal(await store.areaReads.unreadCount(alice, 'general'), 2);
  await reader('read_one', { user: 'alice', password: PASSWORD, first: ids.root, second: ids.second });
  assert.equal(await store.areaReads.lastRead(alice, 'general'), ids.root);
  assert.equal(await store.areaReads.unreadCount(alice, 'general'), 1);
});

test('the whole reader command set, a post and a threaded follow-up', { timeout: 90_000 }, async () => {
  type Tour = Record<string, unknown> & { over: Array<[number, Record<string, string>]> };
  const out = await reader<Tour>('tour', { user: 'alice', password: PASSWORD, root_msgid: msgid(ids.root!) });
  assert.equal((out.caps as Record<string, unknown>).AUTHINFO, undefined, 'no AUTHINFO offered once logged in');
  assert.deepEqual(out.groups_before, [`${PREFIX}.general`, `${PREFIX}.retro`]);
  assert.deepEqual(out.descriptions, { [`${PREFIX}.general`]: 'General: Anything goes', [`${PREFIX}.retro`]: 'Retro' });
  assert.deepEqual(out.list_headers, [':', ':bytes', ':lines']);
  assert.deepEqual(out.group, [`211 2 ${ids.root} ${ids.second} ${PREFIX}.general`, 2, ids.root, ids.second, `${PREFIX}.general`]);
  assert.deepEqual(out.listgroup, [String(ids.root), String(ids.second)]);
  const [root, second] = out.over;
  assert.equal(root![0], ids.root);
  assert.equal(root![1].subject, 'The root');
  assert.equal(root![1].from, `"sysop" <user1@${PREFIX}.bbs>`);
  assert.equal(root![1].date, 'Fri, 02 Jan 2026 03:04:05 +0000');
  assert.equal(root![1]['message-id'], msgid(ids.root!));
  assert.equal(root![1][':lines'], '3');
  assert.equal(root![1].xref, `${PREFIX}.bbs ${PREFIX}.general:${ids.root}`);
  // Non-ASCII header text goes out as encoded words, which the reader decodes back.
  assert.match(second![1].subject!, /^=\?UTF-8\?B\?/);
  assert.deepEqual(out.xover, out.over);
  assert.match((out.over_msgid as string[])[0]!, new RegExp(`^0\\tThe root\\t`));
  assert.deepEqual(out.hdr, [[String(ids.root), 'The root'], [String(ids.second), second![1].subject]]);
  assert.deepEqual(out.hdr_new, [`${ids.root} 3`, `${ids.second} 1`]);
  assert.deepEqual(out.stat, [`223 ${ids.root} ${msgid(ids.root!)}`, ids.root, msgid(ids.root!)]);
  assert.deepEqual(out.next, [`223 ${ids.second} ${msgid(ids.second!)}`, ids.second, msgid(ids.second!)]);
  assert.deepEqual(out.last, [`223 ${ids.root} ${msgid(ids.root!)}`, ids.root, msgid(ids.root!)]);
  assert.match(out.no_last as string, /^422 /);
  const [number, id, lines] = out.article as [number, string, string[]];
  assert.equal(number, ids.root);
  assert.equal(id, msgid(ids.root!));
  for (const h of ['Path: nntptest.bbs!not-for-mail', `Newsgroups: ${PREFIX}.general`, 'Subject: The root', 'Lines: 3', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit']) assert.ok(lines.includes(h), h);
  assert.ok((out.head_msgid as string[]).includes('Subject: The root'));
  assert.deepEqual(out.body, ['First line.', '.starts with a dot', '^[[31mred?^[[0m']);
  assert.match(out.no_number as string, /^423 /);
  assert.match(out.no_msgid as string, /^430 /);
  assert.ok(Math.abs(Date.parse(out.date as string) - Date.now()) < 120_000);
  assert.equal((out.help as string[])[0], 'ARTICLE [number|<message-id>]');
  assert.deepEqual(out.newgroups, [`${PREFIX}.general`]);
  assert.deepEqual(out.newnews, [msgid(ids.second!), msgid(ids.root!)]);
  assert.match(out.unknown as string, /^500 /);
  assert.match(out.syntax as string, /^501 /);
  assert.match(out.members_before_post as string, /^411 /);
  assert.match(out.post_topic as string, /^240 /);
  assert.match(out.post_reply as string, /^240 /);
  assert.match(out.post_unknown_group as string, /^441 .*no such newsgroup/);
  assert.match(out.post_too_many_lines as string, /^441 .*a message may have 50/);
  assert.equal(out.members_after_post, `${PREFIX}.members`);
  assert.deepEqual(out.groups_after, [`${PREFIX}.general`, `${PREFIX}.retro`, `${PREFIX}.members`]);

  // On the board: the topic is alice's, in general, its subject and text decoded; the reply is in the root's thread and area.
  const topicId = Number(/<(\d+)@/.exec(out.post_topic as string)![1]);
  const topic = (await store.publicMessages.findById(topicId))!;
  assert.equal(topic.authorId, alice);
  assert.equal(topic.area, 'general');
  assert.equal(topic.subject, 'Grüße, board');
  assert.equal(topic.body, 'Grüße from a newsreader.\n.dotted line');
  const thread = await store.publicMessages.thread(ids.root!);
  assert.equal(thread.length, 2);
  assert.equal(thread[1]!.parentId, ids.root);
  assert.equal(thread[1]!.area, 'general', 'the parent area wins over Newsgroups');
  assert.equal(thread[1]!.body, 'A threaded reply.');
  assert.equal((await store.users.findById(alice))!.level, 'member');
});

test('wrong passwords over NNTP stand in the board\'s one back-off, with the other wires', { timeout: 90_000 }, async () => {
  const source = '127.0.0.9';
  // One wrong password at the terminal login (the JSON socket) from this address ...
  const c = await JsonCaller.dial({ port: board.ports.tcpjson!, localAddress: source });
  try {
    await c.prompt("Who's calling?");
    c.send('alice');
    await c.prompt('Password:');
    c.send('wrong-at-the-terminal');
    await c.until(/Wrong password/, 30_000);
  } finally {
    c.close();
  }
  // ... and the newsreader's guesses from it wait 1 s, then 2 s, before they are even checked.
  const first = await reader<{ answer: string; ms: number }>('bad_login', { user: 'alice', password: 'wrong-1' }, source);
  assert.match(first.answer, /^481 /);
  assert.ok(first.ms >= 950, `the first NNTP guess waited ${first.ms.toFixed(0)} ms`);
  const second = await reader<{ answer: string; ms: number }>('bad_login', { user: 'alice', password: 'wrong-2' }, source);
  assert.match(second.answer, /^481 /);
  assert.ok(second.ms >= 1950, `the second NNTP guess waited ${second.ms.toFixed(0)} ms`);
  assert.match(board.output(), /failed login.*transport=nntp/);
});

test('bad input gets a clear answer on the wire and the connection carries on: garbage, a huge line, pipelined commands', { timeout: 60_000 }, async (t) => {
  const c = await NntpRawCaller.dial({ port: board.ports.nntp!, t });
  await c.until(/^200 .*\n/m);
  c.send(Buffer.from([0x00, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 0x0d, 0x0a]));
  await c.until(/^501 control characters.*\n/m);
  c.send(`ARTICLE ${'9'.repeat(10_000)}\r\n`);
  await c.until(/^501 command line too long\n/m);
  c.send(randomBytes(4096));
  // Three commands in one write are answered in order.
  c.send('\r\nDATE\r\nHELP\r\nGROUP\r\nFROB\r\n');
  const answered = await c.until(/^500 unknown command FROB\n/m, 10_000);
  const codes = [...answered.matchAll(/^(\d{3}) /gm)].map((m) => m[1]);
  assert.deepEqual(codes.slice(-4), ['111', '100', '501', '500'], answered.slice(-400));
  c.send('QUIT\r\n');
  await c.until(/^205 /m);
  await c.ended;
});

test('an article larger than the board reads is refused at its end, and the newsreader stays in step', { timeout: 60_000 }, async (t) => {
  const c = await NntpRawCaller.dial({ port: board.ports.nntp!, t });
  await c.until(/^200 /);
  c.send(`AUTHINFO USER alice\r\nAUTHINFO PASS ${PASSWORD}\r\n`);
  await c.until(/^281 /m, 30_000);
  c.send('POST\r\n');
  await c.until(/^340 /m);
  const big = `Newsgroups: ${PREFIX}.general\r\nSubject: big\r\n\r\n` + `${'y'.repeat(1000)}\r\n`.repeat(2000) + '.\r\n';
  c.send(big);
  await c.until(/^441 the article is longer than \d+ bytes/m, 30_000);
  c.send('DATE\r\n');
  await c.until(/^111 \d{14}\n/m);
});

test('the per-address cap counts NNTP connections with every other port, and a refused one hears 400', { timeout: 60_000 }, async (t) => {
  const localAddress = '127.0.0.20';
  const held: NntpRawCaller[] = [];
  for (let i = 0; i < 8; i++) {
    const c = await NntpRawCaller.dial({ port: board.ports.nntp!, localAddress, t });
    await c.until(/^200 /);
    held.push(c);
  }
  const refused = await NntpRawCaller.dial({ port: board.ports.nntp!, localAddress, t });
  await refused.until(/^400 .+\n/);
  await refused.ended;
});

test('a newsreader silent past the idle timeout is told so and hung up on', { timeout: 60_000 }, async (t) => {
  const c = await NntpRawCaller.dial({ port: board.ports.nntp!, t });
  await c.until(/^200 /);
  await c.until(/^400 idle for too long/m, 20_000);
  await c.ended;
});
