import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineText } from '../../../src/doors/line-text.js';

const SAMPLE = Buffer.from('\x1b[2J\x1b[1;1H\x1b[1;33mWelcome\x1b[0m to the \x1b]0;Cave\x07cave, café!\r\nYou see a ☺\x1b(B.\r\n> ', 'utf8');
const PLAIN = 'Welcome to the cave, café!\nYou see a ☺.\n> ';

test('escape sequences go, CR LF becomes LF, wherever the output is cut', () => {
  for (let i = 0; i <= SAMPLE.length; i++) {
    const t = new LineText('utf8');
    t.push(SAMPLE.subarray(0, i));
    const first = t.take();
    t.push(SAMPLE.subarray(i));
    assert.equal(first + t.take(), PLAIN, `cut at ${i}`);
    assert.ok(!first.includes('\x1b') && !first.includes('\r'), `cut at ${i}: ${JSON.stringify(first)}`);
  }
});

test('a CP437 door\'s text is decoded glyph by glyph', () => {
  const t = new LineText('cp437');
  t.push(Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0xc9, 0xcd, 0xbb, 0x0d, 0x0a, 0x07, 0x82]));
  assert.equal(t.take(), '╔═╗\né');
});

test('an escape sequence that never ends is not waited for at the door\'s end', () => {
  const t = new LineText('utf8');
  t.push(Buffer.from('bye\x1b['));
  assert.equal(t.take(), 'bye');
  assert.equal(t.take(true), '');
});
