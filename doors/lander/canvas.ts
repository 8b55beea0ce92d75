/**
 * Text placed at rows and columns with ESC[row;colH, clipped to the window:
 * nothing is drawn past the last column, and never in the bottom-right cell,
 * where some terminals scroll the whole screen up.
 */
export class Canvas {
  private out = '';

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {}

  /** `sgr`: the colour, as SGR parameters ("1;33" bright yellow); bold-as-bright for 16-colour BBS terminals. */
  put(row: number, col: number, text: string, sgr = '0'): void {
    if (row < 1 || row > this.rows || col < 1 || col > this.cols) return;
    const room = this.cols - col + 1 - (row === this.rows ? 1 : 0);
    const clipped = [...text].slice(0, Math.max(0, room)).join('');
    this.out += `\x1b[${row};${col}H\x1b[0;${sgr}m${clipped}`;
  }

  clear(): void {
    this.out += '\x1b[0m\x1b[2J\x1b[H';
  }

  toString(): string {
    return this.out;
  }
}
