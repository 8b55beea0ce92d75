import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { initialsOf, quoteOf, quotePrefix } from '../../../../../src/transports/terminal/editor/quote.js';
import { EditorModel } from '../../../../../src/transports/terminal/editor/editor-model.js';
import { textWidth } from '../../../../../src/screens/text-width.js';

void describe('quote: initials', () => {
  for (const [name, want] of [
    ['Ada Lovelace', 'AL'],
    ['zed', 'Z'],
    ['grace brewster murray hopper', 'GBM'],
    ['  x-ray   delta ', 'XRD'],
    ['3D Artist 42', 'DA'],
    ['Émile Zola', 'ÉZ'],
    ['1234 !!', ''],
    ['', ''],
  ] as const) {
    void it(`${JSON.stringify(name)} is ${JSON.stringify(want)}`, () => assert.equal(initialsOf(name), want));
  }
});

void describe('quote: quoting lines', () => {
  const source = 'The quick brown fox jumps over the lazy dog and keeps on running far away\n\nShort line.';

  void it('quotes each line as " AL> text", wrapped to the width between words', () => {
    const out = quoteOf(source, 'AL', 30);
    assert.deepEqual(out, [' AL> The quick brown fox jumps', ' AL> over the lazy dog and', ' AL> keeps on running far away', '', ' AL> Short line.']);
    for (const line of out) assert.ok(textWidth(line) <= 30, line);
  });

  void it('never breaks a word when words fit, and the words read back unchanged', () => {
    const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
    for (let width = 18; width <= 60; width++) {
      const out = quoteOf(words.join(' '), 'AL', width);
      for (const line of out) {
        assert.ok(textWidth(line) <= width, `${line} at ${width}`);
        assert.ok(line.startsWith(' AL> '));
      }
      assert.deepEqual(out.flatMap((line) => line.slice(5).split(' ')), words, `at ${width}`);
    }
  });

  void it('breaks a word longer than the room only as a last resort', () => {
    assert.deepEqual(quoteOf('ab https://example.com/a/very/long/path cd', 'AL', 20), [' AL> ab', ' AL> https://example', ' AL> .com/a/very/lon', ' AL> g/path cd']);
  });

  void it('adds one ">" to a line already quoted, never a second set of initials', () => {
    assert.deepEqual(quoteOf(' XY> older words\n XY>> oldest\n> bare\nMR> tight', 'AL', 40), [' XY>> older words', ' XY>>> oldest', ' >> bare', ' MR>> tight']);
  });

  void it('wraps a requoted line under its own prefix', () => {
    assert.deepEqual(quoteOf(' XY> one two three four five', 'AL', 20), [' XY>> one two three', ' XY>> four five']);
  });

  void it('leaves blank lines blank, with no prefix', () => {
    assert.deepEqual(quoteOf('a\n\n   \n\tb\r\n', 'AL', 40), [' AL> a', '', '', ' AL>         b', '']);
  });

  void it('quotes only the lines picked, in the order of the message', () => {
    assert.deepEqual(quoteOf('zero\none\ntwo\nthree', 'AL', 40, [3, 1, 1, 9, -1]), [' AL> one', ' AL> three']);
  });

  void it('keeps only letters of the initials and drops control characters of the source', () => {
    assert.deepEqual(quoteOf('hi\x1b[31m there\x07', 'A\x1bL', 40), [' AL> hi[31m there']);
  });

  void it('reads its own prefixes back, and the editor re-flows them as a quote', () => {
    const lines = quoteOf('one two three four five six', 'AL', 16);
    assert.deepEqual(lines, [' AL> one two', ' AL> three four', ' AL> five six']);
    for (const line of lines) assert.deepEqual(quotePrefix(line), { initials: 'AL', depth: 1, length: 5 });
    const m = new EditorModel({ width: 30, caps: { maxLines: 50, maxLineLength: 79 } });
    m.insertQuote(lines);
    m.move('top');
    m.reflow();
    assert.deepEqual(m.display().lines, [' AL> one two three four five', ' AL> six', '']);
  });
});
