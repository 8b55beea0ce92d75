import type { Segment } from './fit-rows.js';
import { DEFAULT_STYLE, sameStyle, type Style } from './style.js';
import { charWidth } from './text-width.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Places art's text into rows of styled segments, column by column, as a DOS
 * screen would: drawn art wraps at the width it was drawn for and is cropped
 * at the caller's width as it is placed; text art (no drawn width, no crop) is
 * placed whole, to be fitted afterwards.
 */
export class RowPlacer {
  /** The rows finished so far, and the columns each one took (cropped columns included). */
  readonly rows: Segment[][] = [];
  readonly widths: number[] = [];
  /** The style the next text is placed in. */
  style: Style = DEFAULT_STYLE;
  /** Some row was filled up to the crop column (it must be drawn with autowrap off). */
  full = false;
  private row: Segment[] = [];
  private col = 0;
  private pendingWrap = false;

  constructor(
    private readonly drawnWidth: number | null,
    private readonly cropAt: number,
  ) {}

  /** Nothing placed yet, not even an empty row. */
  get empty(): boolean {
    return this.rows.length === 0 && this.row.length === 0;
  }

  newRow(): void {
    this.rows.push(this.row);
    this.widths.push(this.col);
    this.row = [];
    this.col = 0;
    this.pendingWrap = false;
  }

  /** Place text; each `\n` in it starts a new row. */
  put(text: string): void {
    let start = 0;
    while (start <= text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      const run = text.slice(start, end);
      if (PRINTABLE_ASCII.test(run)) this.putAscii(run);
      else this.putChars(run);
      if (nl === -1) break;
      this.newRow();
      start = nl + 1;
    }
  }

  /**
   * The last row is kept if it holds anything, or if it is the only one (an
   * empty screen is one empty row). `alone` false: rows came before this
   * placer's (a line of art placed on its own), so an empty last row is not
   * the only one.
   */
  finish(alone = true): void {
    if (this.row.length > 0 || (alone && this.rows.length === 0)) {
      this.rows.push(this.row);
      this.widths.push(this.col);
      this.row = [];
    }
  }

  /**
   * Any other text, a character (code point) at a time for its width, wrap
   * and crop, but appended a slice at a time: a banner's rule of box-drawing
   * characters is one string, not a string grown once per character.
   */
  private putChars(run: string): void {
    let from = 0;
    let i = 0;
    while (i < run.length) {
      const cp = run.codePointAt(i)!;
      const next = i + (cp > 0xffff ? 2 : 1);
      if (this.pendingWrap) {
        this.appendSlice(run, from, i);
        from = i;
        this.newRow();
      }
      const cw = charWidth(cp);
      if (this.col + cw <= this.cropAt) {
        if (this.col + cw === this.cropAt) this.full = true;
      } else {
        // Past the crop: this character is not drawn; what came before it is.
        this.appendSlice(run, from, i);
        from = next;
      }
      this.col += cw;
      if (this.drawnWidth !== null && this.col >= this.drawnWidth) this.pendingWrap = true;
      i = next;
    }
    this.appendSlice(run, from, run.length);
  }

  private appendSlice(run: string, from: number, to: number): void {
    if (to > from) this.append(run.slice(from, to));
  }

  // Printable ASCII is one column a character: place it a slice at a time
  // (up to the crop or the drawn width), exactly as character by character
  // would, without a string append per character.
  private putAscii(run: string): void {
    let k = 0;
    while (k < run.length) {
      if (this.pendingWrap) this.newRow();
      let n = run.length - k;
      if (this.drawnWidth !== null) n = Math.min(n, Math.max(1, this.drawnWidth - this.col));
      const visible = Math.min(n, this.cropAt - this.col);
      if (visible > 0) {
        this.append(run.slice(k, k + visible));
        if (this.col + visible === this.cropAt) this.full = true;
      }
      this.col += n;
      if (this.drawnWidth !== null && this.col >= this.drawnWidth) this.pendingWrap = true;
      k += n;
    }
  }

  private append(text: string): void {
    const last = this.row[this.row.length - 1];
    if (last && sameStyle(last.style, this.style)) last.text += text;
    else this.row.push({ style: this.style, text });
  }
}
