/**
 * Terminal column width of text, close enough to what xterm-class terminals
 * do: combining marks take no column, East Asian wide and emoji take two.
 */

export function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function textWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(cp);
  }
  return w;
}

/**
 * The first `width` columns of the text; a wide character that would straddle the edge is left out.
 * Text that already fits comes back as the same string: the full-screen editor cuts every row of
 * its screen at every key, and a copy each time is garbage its collector would have to sweep.
 */
export function cutToWidth(text: string, width: number): string {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const cw = charWidth(cp);
    if (w + cw > width) return text.slice(0, i);
    w += cw;
    if (cp > 0xffff) i++;
  }
  return text;
}

/** Pad or cut to exactly `width` columns. */
export function fitWidth(text: string, width: number, right = false): string {
  const out = cutToWidth(text, width);
  const pad = ' '.repeat(width - textWidth(out));
  return right ? pad + out : out + pad;
}

/**
 * Word-wrap plain text (no escapes) to a width; long words are split.
 * Existing line breaks are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const rows: string[] = [];
  const w = Math.max(width, 10);
  for (const para of text.split('\n')) {
    let row = '';
    let rowWidth = 0;
    for (const word of para.split(/(\s+)/)) {
      if (!word) continue;
      const ww = textWidth(word);
      if (rowWidth + ww <= w) {
        row += word;
        rowWidth += ww;
        continue;
      }
      if (/^\s+$/.test(word)) {
        rows.push(row);
        row = '';
        rowWidth = 0;
        continue;
      }
      if (row) rows.push(row.trimEnd());
      row = '';
      rowWidth = 0;
      for (const ch of word) {
        const cw = charWidth(ch.codePointAt(0)!);
        if (rowWidth + cw > w) {
          rows.push(row);
          row = '';
          rowWidth = 0;
        }
        row += ch;
        rowWidth += cw;
      }
    }
    rows.push(row.trimEnd());
  }
  return rows;
}
