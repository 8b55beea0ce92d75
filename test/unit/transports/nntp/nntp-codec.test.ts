import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LineSplitter, type WireLine } from '../../../../src/transports/nntp/line-splitter.js';
import { encodeBlock, endsBlock, unstuff } from '../../../../src/transports/nntp/multi-line.js';
import { decodeHeaderText, encodeHeaderText } from '../../../../src/transports/nntp/header-words.js';
import { readPostedArticle } from '../../../../src/transports/nntp/posted-article.js';
import { parseNewsDate, parseRange, wildmat } from '../../../../src/transports/nntp/news-syntax.js';

const show = (lines: WireLine[]): string[] => lines.map((l) => (l.tooLong ? '<too long>' : l.bytes.toString('latin1')));

function splitAll(splitter: LineSplitter, chunks: Buffer[]): string[] {
  return chunks.flatMap((c) => show(splitter.push(c)));
}

/** A reader's commands, then an article with stuffed dots, bare LF and CRLF line ends, a lone CR and UTF-8. */
const SCRIPT = Buffer.from('MODE READER\r\nGROUP x.general\nPOST\r\nNewsgroups: x.general\r\nSubject: h\xc3\xa9\r\n\r\n..leading dot\r\n...\r\nmid\rcr\r\n\r\n.\r\nQUIT\r\n', 'latin1');

test('lines come out the same wherever the stream is split, in two pieces or byte by byte', () => {
  const whole = splitAll(new LineSplitter(100), [SCRIPT]);
  assert.deepEqual(whole, ['MODE READER', 'GROUP x.general', 'POST', 'Newsgroups: x.general', 'Subject: h\xc3\xa9', '', '..leading dot', '...', 'mid\rcr', '', '.', 'QUIT']);
  for (let i = 0; i <= SCRIPT.length; i++) {
    assert.deepEqual(splitAll(new LineSplitter(100), [SCRIPT.subarray(0, i), SCRIPT.subarray(i)]), whole, `split at ${i}`);
  }
  const bytes = [...SCRIPT].map((b) => Buffer.from([b]));
  assert.deepEqual(splitAll(new LineSplitter(100), bytes), whole);
});

test('a line past the cap is given back once as too long, and the next line is whole again, at every split', () => {
  const stream = Buffer.from(`GROUP ${'g'.repeat(40)}\r\nDATE\r\n`);
  for (let i = 0; i <= stream.length; i++) {
    assert.deepEqual(splitAll(new LineSplitter(20), [stream.subarray(0, i), stream.subarray(i)]), ['<too long>', 'DATE'], `split at ${i}`);
  }
  // Exactly at the cap, CR LF included or not, the line is kept.
  assert.deepEqual(splitAll(new LineSplitter(4), [Buffer.from('DATE\r\nDATE\n')]), ['DATE', 'DATE']);
  assert.deepEqual(splitAll(new LineSplitter(4), [Buffer.from('DATES\r\n')]), ['<too long>']);
});

test('random bytes never throw and never give back a line past the cap', () => {
  for (let round = 0; round < 200; round++) {
    const splitter = new LineSplitter(64);
    for (let c = 0; c < 8; c++) {
      for (const line of splitter.push(randomBytes(1 + Math.floor(Math.random() * 300)))) assert.ok(line.bytes.length <= 64);
    }
  }
});

test('a block goes out dot-stuffed and comes back line for line', () => {
  const lines = ['first', '.', '..', '.hidden', '', 'last .'];
  const wire = encodeBlock(lines);
  assert.equal(wire, 'first\r\n..\r\n...\r\n..hidden\r\n\r\nlast .\r\n.\r\n');
  for (let i = 0; i <= wire.length; i++) {
    const splitter = new LineSplitter(100);
    const got: WireLine[] = [wire.slice(0, i), wire.slice(i)].flatMap((c) => splitter.push(Buffer.from(c)));
    const end = got.findIndex((l) => endsBlock(l.bytes));
    assert.equal(end, lines.length, `split at ${i}`);
    assert.deepEqual(got.slice(0, end).map((l) => unstuff(l.bytes).toString()), lines);
  }
  assert.equal(encodeBlock([]), '.\r\n');
});

test('header text: ASCII as it is, anything else as encoded words that decode back', () => {
  assert.equal(encodeHeaderText('Plain subject'), 'Plain subject');
  const text = 'Grüße aus Köln — ein langer Betreff mit 日本語 und mehr Zeichen als ein Wort fasst 🎉';
  const encoded = encodeHeaderText(text);
  assert.match(encoded, /^[\x21-\x7e ]+$/);
  for (const word of encoded.split(' ')) assert.ok(word.length <= 75, word);
  assert.equal(decodeHeaderText(encoded), text);
  assert.equal(decodeHeaderText('=?ISO-8859-1?Q?Caf=E9_au_lait?= is =?utf-8?q?n=C3=A9?='), 'Café au lait is né');
  assert.equal(decodeHeaderText('=?x-unknown?B?AAAA?= stays'), '=?x-unknown?B?AAAA?= stays');
});

test('a posted article: folded headers, encoded words, and the body in its charset and transfer encoding', () => {
  const lines = (text: string, encoding: BufferEncoding = 'utf8') => text.split('\n').map((l) => Buffer.from(l, encoding));
  const plain = readPostedArticle(lines('Newsgroups: a.b\nSubject: =?UTF-8?B?w6k=?=\n  continued\nSubject: second ignored\n\nline one\nline two'));
  assert.ok(!('error' in plain));
  assert.equal(plain.headers.get('subject'), 'é continued');
  assert.equal(plain.body, 'line one\nline two');
  const qp = readPostedArticle(lines('Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n\ncaf=E9 soft=\nbreak\nnext'));
  assert.ok(!('error' in qp));
  assert.equal(qp.body, 'café softbreak\nnext');
  const b64 = readPostedArticle(lines(`Content-Transfer-Encoding: base64\n\n${Buffer.from('hé\nthere').toString('base64')}`));
  assert.ok(!('error' in b64));
  assert.equal(b64.body, 'hé\nthere');
  const latin = readPostedArticle(lines('Content-Type: text/plain; charset="iso-8859-1"\n\ncaf\xe9', 'latin1'));
  assert.ok(!('error' in latin));
  assert.equal(latin.body, 'café');
  assert.deepEqual(readPostedArticle(lines('no colon here\n\nbody')), { error: 'header line 1 has no name' });
  assert.match((readPostedArticle(lines('Content-Transfer-Encoding: x-uuencode\n\nbody')) as { error: string }).error, /not supported/);
});

test('ranges, wildmats and NEWNEWS dates', () => {
  assert.deepEqual(parseRange('5'), { low: 5, high: 5 });
  assert.deepEqual(parseRange('5-9'), { low: 5, high: 9 });
  assert.equal(parseRange('5-')!.high, Number.MAX_SAFE_INTEGER);
  for (const bad of ['', '-5', 'a', '1-2-3', '99999999999999999']) assert.equal(parseRange(bad), null, bad);
  const m = wildmat('bbs.*,!bbs.sysop');
  assert.ok(m('bbs.general'));
  assert.ok(!m('bbs.sysop'));
  assert.ok(!m('other.general'));
  assert.ok(wildmat('b?s.g*')('bbs.general'));
  assert.ok(!wildmat('bbs.(x)')('bbs.x'));
  const now = new Date(Date.UTC(2026, 11, 4));
  assert.equal(parseNewsDate('20261201', '101500', now)!.toISOString(), '2026-12-01T10:15:00.000Z');
  assert.equal(parseNewsDate('261201', '000000', now)!.getUTCFullYear(), 2026);
  assert.equal(parseNewsDate('991201', '000000', now)!.getUTCFullYear(), 1999);
  assert.equal(parseNewsDate('20260231', '000000', now), null);
  assert.equal(parseNewsDate('2026021', '000000', now), null);
});
