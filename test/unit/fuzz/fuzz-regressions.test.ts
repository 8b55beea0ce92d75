import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { parseArt } from '../../../src/screens/art-library.js';
import { tokenizeArt } from '../../../src/screens/art-tokens.js';
import { renderArt } from '../../../src/screens/render.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { parseControlRequest } from '../../../src/control/protocol.js';
import { FrameDecoder, MAX_FRAME_BYTES } from '../../../src/transports/tcpjson/frame-codec.js';
import { decodeHeaderText, encodeHeaderText } from '../../../src/transports/nntp/header-words.js';
import { newsDate, parseNewsDate, parseRange, wildmat } from '../../../src/transports/nntp/news-syntax.js';
import { readPostedArticle } from '../../../src/transports/nntp/posted-article.js';

// Found by scripts/fuzz/fuzz-frame-codec.ts: a long non-frame read in one piece was "too-large",
// the same bytes read in small pieces were "not-a-frame", so the caller's refusal depended on packet sizes.
test('frame codec: a long stream that is no frame gets the same refusal however it is split', () => {
  const junk = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'), Buffer.alloc(MAX_FRAME_BYTES + 100, 0x41), Buffer.from([0])]);
  const whole = new FrameDecoder().push(junk);
  const decoder = new FrameDecoder();
  const split = [];
  for (let i = 0; i < junk.length; i += 7) split.push(...decoder.push(junk.subarray(i, i + 7)));
  assert.deepEqual(whole, [{ kind: 'error', error: 'not-a-frame' }]);
  assert.deepEqual(split, whole);
});

// Found by scripts/fuzz/fuzz-control-request.ts: 1e300 passed Number.isInteger and came through as a node number.
test('control request: a node number must be a safe positive integer', () => {
  assert.equal(typeof parseControlRequest('{"cmd":"restart","node":1e300}'), 'string');
  assert.equal(typeof parseControlRequest('{"cmd":"drain","node":9007199254740993}'), 'string');
  assert.deepEqual(parseControlRequest('{"cmd":"drain","node":2,"on":false}'), { cmd: 'drain', node: 2, on: false });
});

// Found by scripts/fuzz/fuzz-art.ts: UTF-8 art passed DEL and C1 controls (U+009B is a one-byte CSI to some terminals) straight to callers.
test('art: DEL and C1 controls in UTF-8 art never reach a caller', () => {
  const tpl = parseArt('c1', Buffer.from('a\u009b31mb\u007fc\u0085d\n', 'utf8'), false);
  const out = renderArt(tpl, {}, DEFAULT_TERMINAL, new Chalk({ level: 0 }));
  assert.equal(out, 'a31mbcd');
});

// Found by scripts/fuzz/fuzz-art.ts (one input took 8 s): each tab measured all the text before it,
// so art made of tabs was quadratic; the art size cap allows 256 KB of them.
test('art: a file of tabs tokenizes in linear time, with tab stops where they were', () => {
  const started = performance.now();
  const tokens = tokenizeArt('a\t'.repeat(20_000));
  assert.ok(performance.now() - started < 1000, `took ${(performance.now() - started).toFixed(0)} ms`);
  assert.deepEqual(tokens, [{ t: 'text', s: 'a       '.repeat(20_000) }]);
  assert.deepEqual(tokenizeArt('\ud83d\ude00\tb|04\tc'), [{ t: 'text', s: '\ud83d\ude00       b' }, { t: 'pipe', code: 4 }, { t: 'text', s: '        c' }]);
});

// Found by scripts/fuzz/fuzz-nntp.ts (one LIST ACTIVE took seconds): a wildmat became a regular
// expression, and a pattern of many stars backtracked through every way to share a name between them.
test('nntp wildmat: a pattern of many stars is matched in linear time, and matches as before', () => {
  const started = performance.now();
  assert.equal(wildmat('*a'.repeat(10) + 'b')('a'.repeat(40)), false);
  assert.equal(wildmat('*?'.repeat(2000) + 'x')('mongrelbbs.general.eeee'), false);
  assert.ok(performance.now() - started < 1000, `took ${(performance.now() - started).toFixed(0)} ms`);
  assert.equal(wildmat('*a'.repeat(10))('a'.repeat(40)), true);
  assert.equal(wildmat('a*b*c,!*d')('AxxByyC'), true);
  assert.equal(wildmat('a*b*c,!*d')('axxbyycd'), false);
  assert.equal(wildmat('bbs.[ab]')('bbs.a'), false);
});

// Found by scripts/fuzz/fuzz-nntp.ts: NEWNEWS's time 006099 was taken as 01:01:39, and the year 0050
// as 1950 (Date.UTC reads years below 100 as 19xx), so a date read back was not the date sent.
test('nntp dates: a time that does not exist is refused, and a four-digit year is that year', () => {
  const now = new Date(Date.UTC(2026, 5, 1));
  assert.equal(parseNewsDate('20240101', '006099', now), null);
  assert.equal(parseNewsDate('20240101', '240000', now), null);
  assert.equal(parseNewsDate('20240101', '236000', now), null);
  assert.equal(newsDate(parseNewsDate('00500101', '000000', now)!), '00500101000000');
  assert.equal(newsDate(parseNewsDate('20240229', '235959', now)!), '20240229235959');
  assert.equal(parseNewsDate('20230229', '000000', now), null);
});

// Found by scripts/fuzz/fuzz-nntp.ts: each encoded word was decoded as a document of its own, so a
// U+FEFF that began a word was dropped as a byte order mark and the subject read back was not the one sent.
test('nntp header words: a U+FEFF at the start of an encoded word is kept', () => {
  const subject = 'a\ufeffb ' + '\ufeff'.repeat(30);
  assert.equal(decodeHeaderText(encodeHeaderText(subject)), subject);
  assert.equal(decodeHeaderText('=?UTF-8?B?77u/eA==?='), '\ufeffx');
});

// Found by scripts/fuzz/fuzz-nntp.ts: a header line such as " : x" at the top of a post had a name of spaces, and was kept under the empty name.
test('nntp posts: a header whose name is only spaces is refused', () => {
  assert.deepEqual(readPostedArticle([Buffer.from(' : x'), Buffer.from(''), Buffer.from('body')]), { error: 'header line 1 has no name' });
  // After a header, a line that starts with a space is that header folded, as before.
  const folded = readPostedArticle([Buffer.from('Subject: x'), Buffer.from('  : y')]);
  assert.ok(!('error' in folded));
  assert.equal(folded.headers.get('subject'), 'x : y');
});

// Found by scripts/fuzz/fuzz-nntp.ts: a range of sixteen digits passed the largest exact number, and
// 9912310099123111 was read as 9912310099123112; a bound that high now stands for "past every article".
test('nntp ranges: a bound past the largest exact number is that number, never a neighbour of what was sent', () => {
  assert.deepEqual(parseRange('9912310099123111'), { low: Number.MAX_SAFE_INTEGER, high: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(parseRange('991231-9912319912311231'), { low: 991231, high: Number.MAX_SAFE_INTEGER });
  assert.deepEqual(parseRange('9007199254740991'), { low: 9007199254740991, high: 9007199254740991 });
  assert.deepEqual(parseRange('3-7'), { low: 3, high: 7 });
});
