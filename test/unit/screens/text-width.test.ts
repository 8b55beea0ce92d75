import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { charWidth, cutToWidth, textWidth } from '../../../src/screens/text-width.js';
import { makeRng } from '../../../scripts/fuzz-terminal.js';

/** The plain reading of the rule, a code point at a time: what the fast versions must agree with. */
function widthByCodePoints(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}
function cutByCodePoints(text: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out;
}

/** ASCII, a combining mark, CJK, Hangul, an emoji (a surrogate pair), and lone surrogates. */
const PIECES = ['a', 'Z', ' ', 'e\u0301', '\u0301', '東', '京', '한', '😀', '🧠', '\ud800', '\udc00', 'é', '─'];

void describe('text width', () => {
  void it('counts columns: wide characters two, combining marks none, a surrogate pair as one character', () => {
    assert.equal(textWidth('abc'), 3);
    assert.equal(textWidth('東京'), 4);
    assert.equal(textWidth('e\u0301'), 1);
    assert.equal(textWidth('😀x'), 3);
    assert.equal(textWidth('\ud800x'), 2);
  });

  void it('cuts at a column without splitting a wide character or a surrogate pair; text that fits is whole', () => {
    assert.equal(cutToWidth('hello', 10), 'hello');
    assert.equal(cutToWidth('hello', 3), 'hel');
    assert.equal(cutToWidth('a東京', 2), 'a');
    assert.equal(cutToWidth('a😀b', 2), 'a');
    assert.equal(cutToWidth('a😀b', 3), 'a😀');
    assert.equal(cutToWidth('ab\u0301c', 2), 'ab\u0301', 'a mark stays with the character before it');
    assert.equal(cutToWidth('abc', 0), '');
  });

  void it('agrees with a code point at a time on random text of every kind', () => {
    const rng = makeRng(7);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const parts = Math.floor(rng() * 30);
      for (let i = 0; i < parts; i++) text += PIECES[Math.floor(rng() * PIECES.length)];
      const width = Math.floor(rng() * 40);
      assert.equal(textWidth(text), widthByCodePoints(text), JSON.stringify(text));
      assert.equal(cutToWidth(text, width), cutByCodePoints(text, width), `${JSON.stringify(text)} at ${width}`);
    }
  });
});
