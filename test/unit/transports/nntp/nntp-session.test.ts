import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AREAS } from '../../../../src/config/settings.js';
import { silentLogger } from '../../../../src/logger.js';
import { LoginGuard } from '../../../../src/rules/login-guard.js';
import { LineSplitter } from '../../../../src/transports/nntp/line-splitter.js';
import { NewsBoard } from '../../../../src/transports/nntp/news-board.js';
import { NewsNames } from '../../../../src/transports/nntp/news-names.js';
import { NntpSession } from '../../../../src/transports/nntp/nntp-session.js';
import { storeFor } from '../../../helpers/store-engines.js';
import { until } from '../../../helpers/until.js';

/** A reader's whole exchange in one stream: log in, post an article with stuffed dots, read it back, quit. */
const SCRIPT = ['AUTHINFO USER alice', 'AUTHINFO PASS pw', 'POST', 'Newsgroups: t.general', 'Subject: Stuffed', '', '..one dot', '...two dots', 'plain', '.', 'BODY <2@t.bbs>', 'QUIT', ''].join('\r\n');

test('the session reads the same exchange the same way wherever the bytes are split', async (t) => {
  const store = await storeFor(t, 'sqlite');
  const made = await store.users.create('alice', 'unused');
  assert.ok(made.ok);
  // Message 1 is there already, so each split's post is told apart by its own number.
  await store.publicMessages.postMessage({ authorId: made.user.id, area: 'general', subject: 'first', body: 'first', at: new Date() });
  const board = new NewsBoard({ store, areas: DEFAULT_AREAS, names: new NewsNames('t'), limits: { messageLines: 50, lineLength: 200, postsPerHour: 0, mailPerHour: 0, storagePerUser: 0 }, log: silentLogger });
  const bytes = Buffer.from(SCRIPT);
  let expected: string | null = null;
  for (let split = 0; split <= bytes.length; split += 1) {
    // Passwords are not this test's subject: the account is looked up, not hashed.
    const login = { guard: new LoginGuard(), log: silentLogger, verifyPassword: (name: string) => store.users.findByName(name) };
    let out = '';
    let ended = false;
    const session = new NntpSession({ board, login, remote: '127.0.0.1', boardName: 'T', log: silentLogger, maxArticleBytes: 10_000, write: (text) => ((out += text), Promise.resolve()), end: () => (ended = true), pause: () => {}, resume: () => {} });
    const splitter = new LineSplitter(512);
    for (const chunk of [bytes.subarray(0, split), bytes.subarray(split)]) for (const line of splitter.push(chunk)) session.receive(line);
    await until(`the session to quit (split at ${split})`, () => ended, 5000, 1);
    const posted = /^240 article received <(\d+)@t\.bbs>/m.exec(out);
    assert.ok(posted, out);
    const message = await store.publicMessages.findById(Number(posted[1]));
    assert.equal(message?.body, '.one dot\n..two dots\nplain', `split at ${split}`);
    // Every reply the same, but for the new message's number.
    const normal = out.replace(/<\d+@t\.bbs>/g, '<N@t.bbs>');
    expected ??= normal;
    assert.equal(normal, expected, `split at ${split}`);
  }
  assert.match(expected!, /^281 /m);
  assert.match(expected!, /^222 0 <N@t.bbs>\r\n\.\.one dot\r\n\.\.\.two dots\r\nplain\r\n\.\r\n/m);
});
