import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EndMarker } from '../../../src/doors/end-marker.js';

const MARKER = EndMarker.bytes('0123456789abcdef');

/** Feeds `chunks` and returns what went out, whether the marker was seen, and what is still held. */
function run(chunks: Buffer[]): { out: Buffer; ended: boolean; held: Buffer } {
  const m = new EndMarker(MARKER);
  const out: Buffer[] = [];
  for (const c of chunks) {
    const r = m.feed(c);
    out.push(r.out);
    if (r.ended) return { out: Buffer.concat(out), ended: true, held: Buffer.alloc(0) };
  }
  return { out: Buffer.concat(out), ended: false, held: m.release() };
}

test('the end marker is found wherever the output is split, and only what precedes it goes out', () => {
  const before = Buffer.from('bye\r\n\x1b[0m\x1b_not the marker\x1b\\\x1b');
  const after = Buffer.from('written by a left-behind child');
  const all = Buffer.concat([before, MARKER, after]);
  for (let i = 0; i <= all.length; i++) {
    for (const j of [i, Math.min(all.length, i + 3), all.length]) {
      const r = run([all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
      assert.equal(r.ended, true, `split at ${i}/${j}`);
      assert.deepEqual(r.out, before, `split at ${i}/${j}`);
    }
  }
});

test('bytes that only look like the start of the marker are held, then released whole and in order', () => {
  const text = Buffer.from('a\x1b_mongrel-door-end:0123');
  const r = run([text]);
  assert.equal(r.ended, false);
  assert.deepEqual(Buffer.concat([r.out, r.held]), text);
  assert.deepEqual(r.out, Buffer.from('a'));
  // Continued by something else: everything goes out.
  const m = new EndMarker(MARKER);
  const first = m.feed(Buffer.from('x\x1b'));
  const second = m.feed(Buffer.from('[1mred'));
  assert.deepEqual(Buffer.concat([first.out, second.out]), Buffer.from('x\x1b[1mred'));
  assert.equal(m.holding, false);
});
