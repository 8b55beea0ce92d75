import { test } from 'node:test';
import assert from 'node:assert/strict';
import { neutralize } from '../../../src/screens/neutralize.js';

/** Characters plain and not: letters, wide and astral ones, line ends of every kind, C0 and C1 controls, ESC, DEL, bidi overrides. */
const POOL = ['a', 'Z', ' ', 'é', '日', '🎉', '\n', '\r', '\r\n', '\t', '\x00', '\x1b', '\x7f', '\x85', '\x9b', '\u2028', '\u202e', '\u2066', '^'];

test('plain text comes back as it is, and no text keeps a control, a C1 byte, a bidi override or a stray line end', () => {
  assert.equal(neutralize('Plain words, é 日 🎉'), 'Plain words, é 日 🎉');
  assert.equal(neutralize('two\nlines', { keepNewlines: true }), 'two\nlines');
  assert.equal(neutralize('two\nlines'), 'two^Jlines');
  assert.equal(neutralize('a\r\nb', { keepNewlines: true }), 'a\nb');
  for (let round = 0; round < 2000; round++) {
    const text = Array.from({ length: 1 + Math.floor(Math.random() * 12) }, () => POOL[Math.floor(Math.random() * POOL.length)]).join('');
    for (const keep of [false, true]) {
      const out = neutralize(text, { keepNewlines: keep });
      assert.doesNotMatch(out, keep ? /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/ : /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/, JSON.stringify(text));
    }
  }
});
