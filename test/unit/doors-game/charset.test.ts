import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeText, glyphsFor, pickCharset } from '../../../doors/lander/charset.js';
import { encodeCp437 } from '../../../src/screens/cp437.js';

test('emulation 0 is ASCII; otherwise the locale picks UTF-8 or CP437, LC_ALL first', () => {
  assert.equal(pickCharset(0, { LANG: 'C.UTF-8' }), 'ascii');
  assert.equal(pickCharset(1, { LANG: 'en_US.UTF-8' }), 'utf8');
  assert.equal(pickCharset(1, { LANG: 'en_US.utf8', LC_ALL: 'C' }), 'cp437');
  assert.equal(pickCharset(1, { LC_CTYPE: 'C.UTF-8' }), 'utf8');
  assert.equal(pickCharset(1, {}), 'cp437');
});

test("every glyph the game draws on a CP437 terminal is the byte the board's own CP437 table gives it", () => {
  const glyphs = glyphsFor('cp437');
  const drawn = [glyphs.star, glyphs.ground, glyphs.full, glyphs.empty, ...glyphs.flame, ...glyphs.lander, glyphs.wreck].join('');
  assert.deepEqual(encodeText(drawn, 'cp437'), encodeCp437(drawn));
  assert.ok(encodeText(drawn, 'cp437').every((b) => b >= 0x20), 'no byte a terminal takes for a control');
});

test('ASCII glyphs are ASCII, and what a terminal cannot show becomes ?', () => {
  const glyphs = glyphsFor('ascii');
  const drawn = [glyphs.star, glyphs.ground, glyphs.full, glyphs.empty, ...glyphs.flame, ...glyphs.lander, glyphs.wreck].join('');
  assert.ok(encodeText(drawn, 'ascii').every((b) => b >= 0x20 && b < 0x7f));
  assert.deepEqual(encodeText('Jörg ✦', 'ascii'), Buffer.from('J?rg ?'));
  assert.deepEqual(encodeText('Jörg ✦', 'cp437'), Buffer.from('J?rg ?'));
  assert.deepEqual(encodeText('Jörg ✦', 'utf8'), Buffer.from('Jörg ✦'));
});
