import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRange } from '../../../../src/transports/http/byte-range.js';
import { attachmentDisposition } from '../../../../src/transports/http/content-disposition.js';

void test('single ranges in all three forms, clipped to the body', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { kind: 'part', start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=500-', 1000), { kind: 'part', start: 500, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { kind: 'part', start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', 1000), { kind: 'part', start: 0, end: 999 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { kind: 'part', start: 990, end: 999 });
  assert.deepEqual(parseRange(' Bytes = 1 - 2 ', 1000), { kind: 'part', start: 1, end: 2 });
  assert.deepEqual(parseRange('bytes=999-999', 1000), { kind: 'part', start: 999, end: 999 });
});

void test('ranges past the end, and empty suffixes, are unsatisfiable', () => {
  assert.deepEqual(parseRange('bytes=1000-', 1000), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange('bytes=1000-2000', 1000), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange('bytes=-0', 1000), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange('bytes=0-', 0), { kind: 'unsatisfiable' });
  assert.deepEqual(parseRange('bytes=-1', 0), { kind: 'unsatisfiable' });
});

void test('no header, other units, nonsense and several ranges get the whole body', () => {
  for (const h of [undefined, '', 'items=0-1', 'bytes=', 'bytes=abc', 'bytes=5-1', 'bytes=1-2-3', 'bytes=0-1,5-6', 'bytes=1e3-', 'bytes=9999999999999999-', 'bytes=-', 'bytes=0x10-'])
    assert.deepEqual(parseRange(h, 1000), { kind: 'whole' }, String(h));
  assert.deepEqual(parseRange('bytes=0-1,', 1000), { kind: 'part', start: 0, end: 1 });
});

void test('Content-Disposition keeps an ASCII fallback safe to quote and the exact name in filename*', () => {
  assert.equal(attachmentDisposition('game.zip'), `attachment; filename="game.zip"; filename*=UTF-8''game.zip`);
  assert.equal(
    attachmentDisposition(`Grüße "mix" l'été (1).zip`),
    `attachment; filename="Gr__e _mix_ l'_t_ (1).zip"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22mix%22%20l%27%C3%A9t%C3%A9%20%281%29.zip`,
  );
  const hostile = attachmentDisposition('a\r\nSet-Cookie: x\\y\u0000');
  assert.doesNotMatch(hostile, /[\r\n\0\\]/);
  assert.equal(attachmentDisposition('\u00e9\ud800'), `attachment; filename="__"; filename*=UTF-8''%C3%A9%EF%BF%BD`);
});
