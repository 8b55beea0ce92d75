import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaSetting } from '../../../src/config/settings.js';
import { messageExcerpt } from '../../../src/store/message-excerpt.js';
import { searchPhrases } from '../../../src/store/message-words.js';
import type { MessageHit } from '../../../src/store/types.js';
import type { Frame } from '../../../src/web-reader/pages.js';
import { markedExcerpt, searchPage } from '../../../src/web-reader/search-page.js';

const general: AreaSetting = { name: 'general', title: 'General', description: 'Anything', read: 'new', post: 'new' };
const guest: Frame = { board: 'Board', viewer: null, loginHint: null };

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '</mark><b>', '\x1b[2J\x00\u202Eevil'];

function hit(id: number, text: string, excerpt: MessageHit['excerpt']): MessageHit {
  return { message: { id, authorId: 1, authorName: text, createdAt: new Date('2024-05-01T12:00:00Z'), body: text, area: 'general', subject: text, parentId: null }, excerpt };
}

/** The excerpt a real search would give for these words, offsets and all. */
function excerptFor(body: string, words: string): MessageHit['excerpt'] {
  return messageExcerpt(null, body, searchPhrases(words)!);
}

/** The marked pieces of an excerpt's HTML, as text. */
function marks(html: string): string[] {
  return [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]!);
}

test('hostile subjects, authors, bodies, excerpts and queries stay text on the results page', () => {
  for (const h of HOSTILE) {
    const page = searchPage(guest, { query: h, cut: false, area: general }, { hits: [{ hit: hit(5, h, { text: `a ${h} b`, matches: [{ start: 2, end: 2 + h.length }] }), areaTitle: h }], more: true });
    assert.doesNotMatch(page, /<script|<img|<b>/i, h);
    assert.doesNotMatch(page, /=alert\(1\)"|' onmouseover='/, 'no quote of user text closes an attribute');
    assert.doesNotMatch(page, /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]/, 'no control character reaches the page');
    assert.equal(page.match(/<mark>/g)?.length, 1, 'one mark, the page\'s own');
  }
});

test('<mark> goes exactly around the matched words, at the edges of the excerpt and around astral characters', () => {
  assert.equal(markedExcerpt({ text: 'Tokyo & more', matches: [{ start: 0, end: 5 }] }).html, '<mark>Tokyo</mark> &amp; more');
  assert.equal(markedExcerpt({ text: 'in <Tokyo>', matches: [{ start: 4, end: 9 }] }).html, 'in &lt;<mark>Tokyo</mark>&gt;');
  assert.equal(markedExcerpt({ text: '😀東京😀', matches: [{ start: 2, end: 4 }] }).html, '😀<mark>東京</mark>😀');
  assert.equal(markedExcerpt({ text: 'no match', matches: [] }).html, 'no match');
  // Offsets from the store's own excerpt, over text with astral characters before and between the matches.
  const body = '𝔘𝔫𝔦 😀 昨日は東京タワーに行った 🎉 Москва и снова Москва!';
  const page = markedExcerpt(excerptFor(body, '東京 москва')).html;
  assert.deepEqual(marks(page), ['東京', 'Москва', 'Москва']);
  assert.ok(page.includes('😀 昨日は<mark>東京</mark>タワー'), page);
  const edge = markedExcerpt(excerptFor('<b>end', 'end')).html;
  assert.equal(edge, '&lt;b&gt;<mark>end</mark>');
});

test('the results page: the count in its heading, a labelled search box, a list with area, subject link, author and date, and the older page by the last id', () => {
  const hits = [hit(42, 'Subject & co', { text: 'found it', matches: [{ start: 0, end: 5 }] }), hit(17, 'Other', { text: 'found too', matches: [{ start: 0, end: 5 }] })];
  const query = 'found "x" & y';
  const page = searchPage(guest, { query, cut: false, area: general }, { hits: hits.map((h) => ({ hit: h, areaTitle: 'General' })), more: true });
  assert.match(page, /<h1>2 messages found, and more<\/h1>/);
  assert.match(page, /<form class="search" role="search" method="get" action="\/read\/search">/);
  assert.match(page, /<label for="q">Search General<\/label>/);
  assert.ok(page.includes('value="found &quot;x&quot; &amp; y"'), 'the box holds the words searched, escaped');
  assert.ok(page.includes('<input type="hidden" name="area" value="general">'));
  assert.match(page, /<ol class="cards results">/);
  assert.ok(page.includes('<a href="/read/message/42">Subject &amp; co</a>'));
  assert.ok(page.includes('by Subject &amp; co · <time datetime="2024-05-01T12:00:00.000Z">'));
  assert.ok(page.includes('in <a href="/read/area/general/">General</a>'));
  const next = /<a rel="next" href="([^"]+)">Older results<\/a>/.exec(page)?.[1];
  assert.ok(next, 'a link to older results');
  const url = new URL(next.replaceAll('&amp;', '&'), 'http://board');
  assert.equal(url.pathname, '/read/search');
  assert.equal(url.searchParams.get('q'), query, 'the words travel intact');
  assert.equal(url.searchParams.get('area'), 'general');
  assert.equal(url.searchParams.get('before'), '17', 'the older page starts below the last hit shown');
  assert.doesNotMatch(page, /Newest results/, 'the first page links to no newer one');

  const older = searchPage(guest, { query, cut: false, area: null, before: 17 }, { hits: [], more: false });
  assert.match(older, /<h1>No older messages found<\/h1>/);
  assert.match(older, /<a href="\/read\/search\?q=found\+%22x%22\+%26\+y">Newest results<\/a>/);
  assert.match(older, /<label for="q">Search every area you may read<\/label>/);
  assert.doesNotMatch(older, /Older results|name="area"/);
});

test('one hit is counted as one message; none, and no words at all, get a page that says so', () => {
  const one = searchPage(guest, { query: 'found', cut: true, area: null }, { hits: [{ hit: hit(1, 's', { text: 'found', matches: [{ start: 0, end: 5 }] }), areaTitle: 'General' }], more: false });
  assert.match(one, /<h1>1 message found<\/h1>/);
  assert.match(one, /Only the first 200 characters of your search were used/);
  const none = searchPage(guest, { query: 'nothing', cut: false, area: null }, { hits: [], more: false });
  assert.match(none, /<h1>No messages found<\/h1>/);
  assert.match(none, /No message you may read holds all of these words/);
  const noWords = searchPage(guest, { query: '"" * -', cut: false, area: null }, null);
  assert.match(noWords, /<h1>Search messages<\/h1>/);
  assert.match(noWords, /Type one or more words/);
  assert.doesNotMatch(noWords, /<ol class="cards/);
});
