/**
 * What a terminal shows after the board's bytes, as rows of plain text: just
 * enough of an xterm for the board's own output. Text (one column a
 * character, deferred wrap at the last column), CR, LF, BS, erase in line,
 * erase below, cursor up and down; colours and other sequences take no room.
 * The screen never scrolls away: every row ever written is kept.
 */
export function screenRows(output: string, cols = 80): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  /** `cols` means the last column is filled and the next character wraps. */
  let col = 0;
  const line = (r: number): string[] => {
    while (rows.length <= r) rows.push([]);
    return rows[r]!;
  };
  for (let i = 0; i < output.length; i++) {
    const ch = output[i]!;
    if (ch === '\x1b') {
      const m = /^\x1b\[([0-9;?]*)[ -/]*([@-~])/.exec(output.slice(i));
      if (!m) continue;
      i += m[0].length - 1;
      const n = Math.max(1, Number(m[1]) || 1);
      const at = Math.min(col, cols - 1);
      if (m[2] === 'K') line(row).splice(at);
      else if (m[2] === 'J') {
        line(row).splice(at);
        rows.splice(row + 1);
      } else if (m[2] === 'A') {
        row = Math.max(0, row - n);
        col = at;
      } else if (m[2] === 'B') {
        row += n;
        col = at;
      }
      continue;
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') row++;
    else if (ch === '\b') col = Math.max(0, Math.min(col, cols - 1) - 1);
    else if (ch >= ' ' && ch !== '\x7f') {
      if (col >= cols) {
        row++;
        col = 0;
      }
      const cells = line(row);
      while (cells.length < col) cells.push(' ');
      cells[col++] = ch;
    }
  }
  line(row);
  return rows.map((cells) => cells.join('').trimEnd());
}
