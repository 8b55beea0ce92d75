import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RowPlacer } from '../../../src/screens/row-placer.js';
import { charWidth } from '../../../src/screens/text-width.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/**
 * The placing rule read plainly, one code point at a time: a pending wrap
 * starts a new row, a character past the crop is left out but still takes
 * its columns, a row reaching the drawn width wraps before the next one.
 */
function placeByCodePoints(pieces: readonly string[], drawnWidth: number | null, cropAt: number): { rows: string[]; widths: number[]; full: boolean } {
  const rows: string[] = [];
  const widths: number[] = [];
  let row = '';
  let col = 0;
  let pendingWrap = false;
  let full = false;
  const newRow = (): void => {
    rows.push(row);
    widths.push(col);
    row = '';
    col = 0;
    pendingWrap = false;
  };
  for (const piece of pieces) {
    for (const ch of piece) {
      if (ch === '\n') {
        newRow();
        continue;
      }
      if (pendingWrap) newRow();
      const cw = charWidth(ch.codePointAt(0)!);
      if (col + cw <= cropAt) {
        row += ch;
        if (col + cw === cropAt) full = true;
      }
      col += cw;
      if (drawnWidth !== null && col >= drawnWidth) pendingWrap = true;
    }
  }
  if (row.length > 0 || rows.length === 0) {
    rows.push(row);
    widths.push(col);
  }
  return { rows, widths, full };
}

/** ASCII runs, box drawing, wide CJK, a combining mark, an emoji (a surrogate pair), a lone surrogate, line ends. */
const PIECES = ['ab', 'Hello, world', ' ', '─', '──────', '·', '東京', '한', 'e\u0301', '\u0301', '😀', '\ud800', '\n', 'é', '█▓▒░'];

void describe('row placer', () => {
  void it('places text a slice at a time exactly as a code point at a time would (random text, widths and crops)', () => {
    const rand = seededRandom(20261204);
    for (let round = 0; round < 3000; round++) {
      const pieces = Array.from({ length: 1 + rand(12) }, () => PIECES[rand(PIECES.length)]!);
      const drawnWidth = rand(3) === 0 ? null : 1 + rand(12);
      const cropAt = drawnWidth === null && rand(2) === 0 ? Infinity : 1 + rand(14);
      const placer = new RowPlacer(drawnWidth, cropAt);
      for (const p of pieces) placer.put(p);
      placer.finish();
      const want = placeByCodePoints(pieces, drawnWidth, cropAt);
      const got = { rows: placer.rows.map((segs) => segs.map((s) => s.text).join('')), widths: placer.widths, full: placer.full };
      assert.deepEqual(got, want, `pieces ${JSON.stringify(pieces)}, drawn ${drawnWidth}, crop ${cropAt}`);
    }
  });

  void it('keeps a run of one style as one segment', () => {
    const placer = new RowPlacer(null, Infinity);
    placer.put('──── ');
    placer.put('東京');
    placer.finish();
    assert.deepEqual(
      placer.rows.map((segs) => segs.length),
      [1],
    );
    assert.equal(placer.rows[0]![0]!.text, '──── 東京');
    assert.deepEqual(placer.widths, [9]);
  });
});
