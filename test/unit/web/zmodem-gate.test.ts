import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZmodemGate } from '../../../web/zmodem-gate.js';

/** One byte a character, as on the wire. */
const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
/** sz's first words: "rz", CR, then ZRQINIT as a hex header. */
const ZRQINIT = 'rz\r**\x18B00000000000000\r\x8a\x11';

void test('a chunk without ZDLE goes straight to the terminal, the very same bytes', () => {
  const gate = new ZmodemGate();
  for (const text of ['', 'Hello, caller.\r\n', '\x1b[1;33m*** NEW ***\x1b[0m', '█▓▒░ ┌─┐']) {
    assert.equal(gate.route(new TextEncoder().encode(text)), null, JSON.stringify(text));
  }
});

void test('a chunk with a header goes to the Sentry whole, with nothing counted as shown', () => {
  const gate = new ZmodemGate();
  const bytes = enc(`Sending...\r\n${ZRQINIT}`);
  const routed = gate.route(bytes);
  assert.ok(routed);
  assert.equal(routed.bytes, bytes);
  assert.equal(routed.shown, 0);
});

void test('a header split at every byte still reaches the Sentry with its `**`', () => {
  const whole = enc(ZRQINIT);
  const zdleAt = whole.indexOf(0x18);
  for (let cut = 1; cut < whole.length; cut++) {
    const gate = new ZmodemGate();
    const first = gate.route(whole.slice(0, cut));
    const second = gate.route(whole.slice(cut));
    const sentry = [first, second].filter((r) => r !== null);
    assert.equal(sentry.length, 1, `cut at ${cut}`);
    const routed = sentry[0]!;
    if (cut <= zdleAt) {
      // The first part went to the terminal; the Sentry gets its `*`s again, marked as shown.
      assert.equal(first, null);
      const stars = Math.min(2, Math.max(0, cut - 3));
      assert.equal(routed.shown, stars, `cut at ${cut}`);
      assert.deepEqual([...routed.bytes], [...new Array<number>(stars).fill(0x2a), ...whole.slice(cut)], `cut at ${cut}`);
    } else {
      assert.equal(routed.bytes.length, cut, `cut at ${cut}`);
    }
  }
});

void test('stars split over several chunks count up to two, and any other byte ends the run', () => {
  const gate = new ZmodemGate();
  assert.equal(gate.route(enc('*')), null);
  assert.equal(gate.route(enc('*')), null);
  assert.equal(gate.route(enc('*')), null);
  assert.equal(gate.route(enc('B0')), null);
  assert.equal(gate.route(enc('x*')), null);
  const routed = gate.route(enc('\x18'));
  assert.deepEqual(routed && [...routed.bytes], [0x2a, 0x18]);
  assert.equal(routed?.shown, 1);
});

void test('reset forgets the stars of the last call', () => {
  const gate = new ZmodemGate();
  assert.equal(gate.route(enc('**')), null);
  gate.reset();
  assert.equal(gate.route(enc('\x18B'))?.shown, 0);
});
