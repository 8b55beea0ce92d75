import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryId, feedDocument, type FeedFormat } from '../../../src/feeds/feed-document.js';
import type { PublicMessage } from '../../../src/store/types.js';
import { htmlText, parseFeed } from '../../helpers/feed-parser.js';

const BOARD = { name: 'Mongrel & <BBS>', site: 'mongrelbbs.bbs', base: 'http://bbs.example.org:8080' };
const AREA = { name: 'general', title: 'General ]]> talk', description: 'Say <hi> & more' };

const HOSTILE_SUBJECT = '<script>alert(1)</script> ]]> &amp; \u0007bell \u{1f389}';
const HOSTILE_BODY = 'one ]]> two ]]> <script>x()</script>\n\u001b[31mred\u001b[0m\r\nastral \u{1f600} lone \ud800 end \uffff\n\n';
const HOSTILE_NAME = 'Eve ]]> <b>&amp;\u0000';

function message(over: Partial<PublicMessage> & { id: number }): PublicMessage {
  return { authorId: 7, authorName: 'Bob', createdAt: new Date(Date.UTC(2026, 0, over.id, 12)), body: 'Hello.', area: 'general', subject: 'Hi', parentId: null, ...over };
}

const MESSAGES = [
  message({ id: 3, subject: HOSTILE_SUBJECT, body: HOSTILE_BODY, authorName: HOSTILE_NAME, parentId: 1 }),
  message({ id: 2, subject: null, body: 'No subject here.' }),
  message({ id: 1, subject: 'The root', body: 'First.' }),
];

for (const format of ['atom', 'rss'] as const) {
  test(`${format}: hostile subjects, bodies and names stay text: no markup, no early CDATA end, no control byte`, async () => {
    const doc = feedDocument(format, BOARD, AREA, MESSAGES);
    const parsed = await parseFeed(doc);
    assert.equal(parsed.bozo, false, parsed.bozo_exception ?? '');
    assert.equal(parsed.strict_error, null);
    assert.equal(parsed.version, format === 'atom' ? 'atom10' : 'rss20');
    assert.equal(parsed.title, 'Mongrel & <BBS>: General ]]> talk');
    assert.doesNotMatch(doc, /<script|<b>/);
    // Nothing but tab-free text with line ends: every control byte became caret text.
    assert.doesNotMatch(doc, /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff]/);
    const [hostile, plain, root] = parsed.entries;
    assert.equal(htmlText(hostile!.title.value!), '<script>alert(1)</script> ]]> &amp; ^Gbell \u{1f389}');
    assert.equal(hostile!.author, 'Eve ]]> <b>&amp;^@');
    const body = htmlText(hostile!.content!);
    assert.ok(body.includes('one ]]> two ]]> <script>x()</script>\n^[[31mred^[[0m\nastral \u{1f600} lone \ufffd end \ufffd'), body);
    assert.equal(htmlText(plain!.title.value!), '(no subject)');
    assert.equal(htmlText(root!.content!), 'First.');
  });

  test(`${format}: entries newest first, each with its stable id, link, author and date`, async () => {
    const parsed = await parseFeed(feedDocument(format, BOARD, AREA, MESSAGES));
    assert.deepEqual(
      parsed.entries.map((e) => [e.id, e.link]),
      [3, 2, 1].map((id) => [`tag:mongrelbbs.bbs,2010:message/${id}`, `http://bbs.example.org:8080/read/message/${id}`]),
    );
    assert.equal(parsed.entries[1]!.author, 'Bob');
    assert.equal(new Date(parsed.entries[2]!.published!).toISOString(), '2026-01-01T12:00:00.000Z');
    const self = parsed.links.find((l) => l.rel === 'self');
    assert.equal(self?.href, `http://bbs.example.org:8080/feeds/general.${format}`);
  });
}

test('a reply links the message it answers', async () => {
  const parsed = await parseFeed(feedDocument('atom', BOARD, AREA, MESSAGES));
  assert.match(parsed.entries[0]!.content!, /In reply to <a href="http:\/\/bbs\.example\.org:8080\/read\/message\/1">message 1<\/a>/);
  assert.doesNotMatch(parsed.entries[2]!.content!, /In reply to/);
});

test('ids are the same in both formats and at any web address; the same messages give the same bytes', () => {
  assert.equal(entryId('mongrelbbs.bbs', 42), 'tag:mongrelbbs.bbs,2010:message/42');
  const elsewhere = { ...BOARD, base: 'https://other.example' };
  for (const format of ['atom', 'rss'] as FeedFormat[]) {
    assert.equal(feedDocument(format, BOARD, AREA, MESSAGES), feedDocument(format, BOARD, AREA, MESSAGES));
    const ids = (doc: string): string[] => [...doc.matchAll(/tag:mongrelbbs\.bbs,2010:message\/\d+/g)].map((m) => m[0]);
    assert.deepEqual(ids(feedDocument(format, elsewhere, AREA, MESSAGES)), ids(feedDocument(format, BOARD, AREA, MESSAGES)));
  }
});

test('an empty area is a valid feed with no entries, the same on every rendering', async () => {
  for (const format of ['atom', 'rss'] as FeedFormat[]) {
    const doc = feedDocument(format, BOARD, AREA, []);
    const parsed = await parseFeed(doc);
    assert.equal(parsed.bozo, false, parsed.bozo_exception ?? '');
    assert.deepEqual(parsed.entries, []);
    assert.equal(doc, feedDocument(format, BOARD, AREA, []));
  }
});

test('a long body gives a summary of its first 200 characters of text, whatever its escaping makes of them', async () => {
  const long = message({ id: 9, body: '&'.repeat(199) + '<' + 'x'.repeat(500) });
  const parsed = await parseFeed(feedDocument('rss', BOARD, AREA, [long]));
  const summary = htmlText(parsed.entries[0]!.summary!);
  assert.equal(summary, '&'.repeat(199) + '<…');
});
