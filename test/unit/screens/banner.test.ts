import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBanner } from '../../../src/screens/banner.js';
import { isCp437Encodable } from '../../../src/screens/cp437.js';
import { textWidth } from '../../../src/screens/text-width.js';

const widest = (art: string): number => Math.max(...art.split('\n').map(textWidth));

test('the banner fits every terminal width with a column to spare, in the charset of the caller', () => {
  const banner = makeBanner('Mongrel BBS', 'ANSI Shadow');
  for (let cols = 12; cols <= 200; cols++) {
    for (const cp437 of [false, true]) {
      const art = banner.forTerminal(cols, cp437);
      assert.ok(widest(art) <= cols - 1, `${cols} columns: ${widest(art)} wide`);
      if (cp437) assert.ok(isCp437Encodable(art));
    }
  }
});

test("the sysop's font shows where it fits, and narrower fonts, then the plain name, where it does not", () => {
  const banner = makeBanner('Mongrel BBS', 'ANSI Shadow');
  const wide = banner.forTerminal(120, false);
  assert.match(wide, /███╗/, 'ANSI Shadow on a 120-column terminal');
  assert.equal(widest(wide), 91);
  const eighty = banner.forTerminal(80, false);
  assert.doesNotMatch(eighty, /█/);
  assert.ok(eighty.split('\n').length > 1, 'a figlet font, not the plain name');
  const forty = banner.forTerminal(40, false);
  assert.ok(widest(forty) <= 39 && forty.split('\n').length > 1, 'a small figlet font fits 40 columns');
  assert.equal(banner.forTerminal(20, false), 'Mongrel BBS', 'only the name itself fits 20 columns');
});

test('an unknown font falls back to the plain fonts', () => {
  const banner = makeBanner('Board', 'No Such Font');
  assert.ok(banner.forTerminal(80, false).split('\n').length > 1);
});
