import type { EditorCaps } from './editor-contract.js';
import { MAX_MARKS, breakRows, isMarkUnit, isSpaceUnit, unitLength, unitWidth, unitsOf, widthOf, type Row } from './editor-wrap.js';
import { formatPrefix, quotePrefix } from './quote.js';
import { WrapCache } from './wrap-cache.js';

/** Where `move` takes the cursor. */
export type EditorMove = 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'pageUp' | 'pageDown' | 'top' | 'bottom';

/** Whatever a caller or a sysop sets, a message stays bounded. */
const HARD_MAX_LINES = 10_000;
const HARD_MAX_LINE_LENGTH = 4096;
const HARD_MAX_WIDTH = 4096;
/** A row must hold at least one wide character. */
const MIN_WIDTH = 2;
/** A quoted line keeps at least this much room for its words, however deep its prefix. */
const MIN_QUOTE_ROOM = 2;

/** A break in the tokens `type` inserts. */
const NEWLINE = null;
type Token = string | typeof NEWLINE;

/** A whole edit, checked against the caps before it replaces what is written. */
interface Draft {
  paras: string[][];
  p: number;
  o: number;
}

/**
 * The full-screen editor's text: what is written and where the cursor is.
 *
 * The message is kept as hard lines (what the caller ended with Enter), each
 * a list of units (a character with its combining marks); the screen lines are
 * those hard lines broken at the width (soft wraps), worked out again after
 * every edit and on a resize, so a soft-wrapped paragraph always re-flows.
 * The cursor is a hard line and a unit offset in it, which is what keeps it on
 * the same character when the width changes.
 *
 * The caps hold at every step: a screen line never holds more than
 * maxLineLength characters or width columns (rows break at both), and an edit
 * that would make more than maxLines screen lines is refused whole (a paste
 * keeps the longest part that fits). The spaces a soft break falls on are
 * shown on neither line, as in every word-wrapping editor.
 */
export class EditorModel {
  private width: number;
  private readonly maxLines: number;
  private readonly maxChars: number;
  /** Units the whole message may hold: the caps' lines full, and a space each. */
  private readonly maxUnits: number;
  private paras: string[][] = [[]];
  private p = 0;
  private o = 0;
  /** The display column up and down aim for, kept over a run of vertical moves. */
  private goal: number | null = null;
  private overwriteOn = false;
  /** Screen rows of each hard line, and their text once shown: a key press makes new ones only for the line it edits. */
  private readonly wraps = new WrapCache((units, width) => breakRows(units, width, this.maxChars));

  constructor(opts: { width: number; caps: EditorCaps; text?: string }) {
    this.width = clampInt(opts.width, MIN_WIDTH, HARD_MAX_WIDTH);
    this.maxLines = clampInt(opts.caps.maxLines, 1, HARD_MAX_LINES);
    this.maxChars = clampInt(opts.caps.maxLineLength, MIN_WIDTH, HARD_MAX_LINE_LENGTH);
    this.maxUnits = this.maxLines * (this.maxChars + 1);
    if (opts.text) this.load(opts.text);
  }

  get overwrite(): boolean {
    return this.overwriteOn;
  }

  get lineCount(): number {
    return this.rowTotal(this.paras);
  }

  get empty(): boolean {
    return this.paras.every((units) => units.every(isSpaceUnit));
  }

  toggleOverwrite(): void {
    this.overwriteOn = !this.overwriteOn;
  }

  /**
   * Type or paste `text` at the cursor. Returns false when some of it was
   * refused at a cap (what fits is kept).
   */
  type(text: string): boolean {
    this.goal = null;
    let src = text.replace(/\r\n?/g, '\n');
    // More than the whole message can hold can never fit: do not even look at it.
    const bound = (this.maxUnits + 1) * (MAX_MARKS + 1) * 2;
    let cut = false;
    if (src.length > bound) {
      src = src.slice(0, bound);
      cut = true;
    }
    const tokens: Token[] = [];
    src.split('\n').forEach((line, i) => {
      if (i > 0) tokens.push(NEWLINE);
      // Tabs stop at columns of the screen line the text starts on.
      for (const unit of unitsOf(line, i === 0 ? this.locate().col : 0)) tokens.push(unit);
    });
    if (tokens.length === 0) return !cut;
    const all = this.insertTokens(tokens, tokens.length);
    if (this.commit(all)) return !cut;
    const kept = this.longestFitting(tokens.length, (k) => this.insertTokens(tokens, k));
    if (kept > 0) this.commit(this.insertTokens(tokens, kept));
    return false;
  }

  /** Split the line at the cursor. False at the line cap. */
  enter(): boolean {
    this.goal = null;
    return this.commit(this.insertTokens([NEWLINE], 1));
  }

  /** Delete the character before the cursor, or join this line to the one above. */
  backspace(): boolean {
    this.goal = null;
    if (this.o > 0) {
      const from = this.leftOf(this.paras[this.p]!, this.o);
      return this.commit(this.without(from, this.o));
    }
    if (this.p === 0) return false;
    return this.commit(this.joined(this.p - 1));
  }

  /** Delete the character under the cursor, or join the next line to this one. */
  deleteForward(): boolean {
    this.goal = null;
    const units = this.paras[this.p]!;
    if (this.o < units.length) return this.commit(this.without(this.o, this.rightOf(units, this.o)));
    if (this.p === this.paras.length - 1) return false;
    return this.commit(this.joined(this.p));
  }

  move(to: EditorMove, page = 10): void {
    const vertical = { up: -1, down: 1, pageUp: -page, pageDown: page } as const;
    if (to in vertical) {
      this.vertical(vertical[to as keyof typeof vertical]);
      return;
    }
    this.goal = null;
    const units = this.paras[this.p]!;
    switch (to) {
      case 'left':
        if (this.o > 0) this.o = this.leftOf(units, this.o);
        else if (this.p > 0) this.at(this.p - 1, this.paras[this.p - 1]!.length);
        return;
      case 'right':
        if (this.o < units.length) this.o = this.rightOf(units, this.o);
        else if (this.p < this.paras.length - 1) this.at(this.p + 1, 0);
        return;
      case 'home': {
        const { rows, r } = this.locate();
        this.o = rows[r]!.start;
        return;
      }
      case 'end': {
        const { rows, r } = this.locate();
        this.o = this.endOfRow(rows, r);
        return;
      }
      case 'top':
        this.at(0, 0);
        return;
      case 'bottom':
        this.at(this.paras.length - 1, this.paras[this.paras.length - 1]!.length);
        return;
    }
  }

  /** Ctrl-K: delete from the cursor to the end of the screen line; at the end of a hard line, join the next one. */
  killToEnd(): boolean {
    this.goal = null;
    const { rows, r } = this.locate();
    const row = rows[r]!;
    if (this.o < row.end) return this.commit(this.without(this.o, row.end));
    return r === rows.length - 1 ? this.deleteForward() : false;
  }

  /** Ctrl-U: delete from the start of the screen line to the cursor. */
  killToStart(): boolean {
    this.goal = null;
    const { rows, r } = this.locate();
    const start = rows[r]!.start;
    return this.o > start ? this.commit(this.without(start, this.o)) : false;
  }

  /** Ctrl-Y: delete the screen line the cursor is on; the line below moves up into its place. */
  deleteLine(): boolean {
    this.goal = null;
    const { rows, r } = this.locate();
    const units = this.paras[this.p]!;
    if (rows.length === 1) {
      const paras = this.paras.filter((_, i) => i !== this.p);
      if (paras.length === 0) paras.push([]);
      return this.commit({ paras, p: Math.min(this.p, paras.length - 1), o: 0 });
    }
    const row = rows[r]!;
    if (r < rows.length - 1) return this.commit(this.without(row.start, row.next));
    // The last screen line of a wrapped one: the spaces that broke it go too, or they would trail.
    const above = rows[r - 1]!;
    const draft = this.without(above.end, units.length);
    if (this.p < this.paras.length - 1) return this.commit({ ...draft, p: this.p + 1, o: 0 });
    return this.commit({ ...draft, o: above.start });
  }

  /** Ctrl-W: the spaces before the cursor, then the word before them; at a line start, join as backspace does. */
  deleteWordBefore(): boolean {
    if (this.o === 0) return this.backspace();
    this.goal = null;
    const units = this.paras[this.p]!;
    let from = this.o;
    while (from > 0 && isSpaceUnit(units[from - 1]!)) from--;
    while (from > 0 && !isSpaceUnit(units[from - 1]!)) from--;
    return this.commit(this.without(from, this.o));
  }

  /**
   * Re-flow the paragraph at the cursor: the lines around it up to a blank
   * line (or a line quoted differently) joined and wrapped again. Unquoted, it
   * becomes one hard line that wraps softly; quoted lines stay hard lines with
   * their prefix, so a quote never runs into the reply. The cursor stays on
   * the same character.
   */
  reflow(): boolean {
    this.goal = null;
    const key = this.quoteKey(this.p);
    if (this.blank(this.p)) return false;
    let a = this.p;
    while (a > 0 && !this.blank(a - 1) && this.quoteKey(a - 1) === key) a--;
    let b = this.p;
    while (b < this.paras.length - 1 && !this.blank(b + 1) && this.quoteKey(b + 1) === key) b++;

    // The cursor is found again by how many non-space characters stand before it.
    let ordinal = 0;
    const body: string[] = [];
    for (let i = a; i <= b; i++) {
      const units = this.paras[i]!;
      const skip = this.prefixUnits(i);
      let from = skip;
      let to = units.length;
      while (to > from && isSpaceUnit(units[to - 1]!)) to--;
      // An unquoted paragraph keeps its first line's indent; every other line's is a leftover of the old wrap.
      if (i > a || key !== null) while (from < to && isSpaceUnit(units[from]!)) from++;
      if (i < this.p) ordinal += countSolid(units, from, to);
      else if (i === this.p) ordinal += countSolid(units, from, Math.min(Math.max(this.o, from), to));
      if (from === to) continue;
      if (body.length > 0) body.push(' ');
      for (let j = from; j < to; j++) body.push(units[j]!);
    }

    let made: string[][];
    let offset: number;
    if (key === null) {
      made = [body];
      offset = 0;
    } else {
      const found = quotePrefix(this.paras[this.p]!.join(''))!;
      const prefix = unitsOf(formatPrefix(found.initials, found.depth));
      const room = Math.max(this.width - widthOf(prefix, 0, prefix.length), MIN_QUOTE_ROOM);
      const chars = Math.max(this.maxChars - prefix.reduce((n, u) => n + unitLength(u), 0), MIN_QUOTE_ROOM);
      made = breakRows(body, room, chars).map((row) => prefix.concat(body.slice(row.start, row.end)));
      offset = prefix.length;
    }
    const paras = [...this.paras.slice(0, a), ...made, ...this.paras.slice(b + 1)];
    const [line, o] = findSolid(made, offset, ordinal);
    return this.commit({ paras, p: a + line, o });
  }

  /**
   * Put quoted lines (from quoteOf) in at the cursor as hard lines, the
   * cursor on the line after them. Returns false when the line cap left some out.
   */
  insertQuote(lines: string[]): boolean {
    this.goal = null;
    const quoted = lines.flatMap((line) => line.split(/\r\n|\r|\n/)).map((line) => unitsOf(line).filter((u) => !isMarkUnit(u)));
    const units = this.paras[this.p]!;
    const head = units.slice(0, this.o);
    const tail = units.slice(this.o);
    const build = (k: number): Draft => {
      const made = [...(head.length > 0 ? [head] : []), ...quoted.slice(0, k)];
      return { paras: [...this.paras.slice(0, this.p), ...made, tail, ...this.paras.slice(this.p + 1)], p: this.p + made.length, o: 0 };
    };
    if (this.commit(build(quoted.length))) return true;
    this.commit(build(this.longestFitting(quoted.length, build)));
    return false;
  }

  /** The terminal was resized: every soft-wrapped line re-wraps, the cursor stays on its character. */
  setWidth(width: number): void {
    this.width = clampInt(width, MIN_WIDTH, HARD_MAX_WIDTH);
    this.goal = null;
    this.o = this.settle(this.paras[this.p]!, this.o);
  }

  /** The lines as shown and the cursor's line and display column. */
  display(): { lines: string[]; cursor: { line: number; col: number } } {
    const lines: string[] = [];
    let cursor = { line: 0, col: 0 };
    this.paras.forEach((units, i) => {
      if (i === this.p) {
        const { r, col } = this.locate();
        cursor = { line: lines.length + r, col };
      }
      for (const line of this.wraps.shown(units, this.width, i)) lines.push(line);
    });
    return { lines, cursor };
  }

  /** The message as shown: the screen lines joined with \n, blank lines at the end dropped. */
  text(): string {
    const { lines } = this.display();
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
    return lines.join('\n');
  }

  // ---- the text ----

  /** The initial message: cut to the caps rather than refused, since nobody is there to be told. */
  private load(text: string): void {
    let budget = this.maxUnits;
    const paras: string[][] = [];
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (budget <= 0) break;
      const units = unitsOf(line)
        .filter((u) => !isMarkUnit(u))
        .slice(0, budget);
      budget -= units.length;
      paras.push(units);
    }
    let rows = 0;
    for (let i = 0; i < paras.length; i++) {
      const own = this.rowsOf(paras[i]!, i);
      if (rows + own.length <= this.maxLines) {
        rows += own.length;
        continue;
      }
      const keep = this.maxLines - rows;
      const cut = keep > 0 ? paras[i]!.slice(0, own[keep - 1]!.end) : null;
      paras.length = i;
      if (cut) paras.push(cut);
      break;
    }
    this.paras = paras.length > 0 ? paras : [[]];
    this.wraps.keepOnly(this.paras);
  }

  /** The screen rows of a hard line; `at` is where it probably is among the lines. */
  private rowsOf(units: readonly string[], at = this.p): Row[] {
    return this.wraps.rows(units, this.width, at);
  }

  private rowTotal(paras: readonly string[][]): number {
    let n = 0;
    for (let i = 0; i < paras.length; i++) n += this.rowsOf(paras[i]!, i).length;
    return n;
  }

  /** The draft replaces what is written unless it breaks a cap it did not already break (a narrower terminal can). */
  private fits(draft: Draft): boolean {
    const rows = this.rowTotal(draft.paras);
    if (rows > this.maxLines && rows > this.rowTotal(this.paras)) return false;
    const units = draft.paras.reduce((n, u) => n + u.length, 0);
    return units <= this.maxUnits || units <= this.paras.reduce((n, u) => n + u.length, 0);
  }

  private commit(draft: Draft): boolean {
    if (!this.fits(draft)) return false;
    this.paras = draft.paras;
    this.wraps.keepOnly(this.paras);
    this.at(draft.p, draft.o);
    return true;
  }

  /** The largest k in [0, n) whose draft fits (more text never takes fewer lines). */
  private longestFitting(n: number, build: (k: number) => Draft): number {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.fits(build(mid))) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first `count` tokens typed at the cursor, in overwrite mode over what follows it on the line. */
  private insertTokens(tokens: readonly Token[], count: number): Draft {
    const units = this.paras[this.p]!;
    let head = units.slice(0, this.o);
    const tail = units.slice(this.o);
    const made: string[][] = [];
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!;
      if (t === NEWLINE) {
        made.push(head);
        head = [];
        continue;
      }
      if (isMarkUnit(t)) {
        // Marks belong to the character before them; with none there they are dropped.
        const last = head.length - 1;
        if (last >= 0 && !isSpaceUnit(head[last]!) && unitLength(head[last]!) + unitLength(t) <= MAX_MARKS + 1) head[last] += t;
        continue;
      }
      if (this.overwriteOn && tail.length > 0) tail.shift();
      head.push(t);
    }
    const paras = this.paras.slice(0, this.p);
    for (const line of made) paras.push(line);
    paras.push(head.concat(tail));
    for (let i = this.p + 1; i < this.paras.length; i++) paras.push(this.paras[i]!);
    return { paras, p: this.p + made.length, o: head.length };
  }

  /** The cursor's line without units [from, to), the cursor at `from`. */
  private without(from: number, to: number): Draft {
    const units = this.paras[this.p]!;
    const paras = this.paras.slice();
    paras[this.p] = [...units.slice(0, from), ...units.slice(to)];
    return { paras, p: this.p, o: from };
  }

  /** Hard lines i and i + 1 as one, the cursor where they meet. */
  private joined(i: number): Draft {
    const paras = this.paras.slice();
    const o = paras[i]!.length;
    paras.splice(i, 2, paras[i]!.concat(paras[i + 1]!));
    return { paras, p: i, o };
  }

  private blank(i: number): boolean {
    const units = this.paras[i]!;
    for (let j = this.prefixUnits(i); j < units.length; j++) if (!isSpaceUnit(units[j]!)) return false;
    return true;
  }

  /** Who is quoted how deep on hard line i ("AL>>"), or null when it is not a quote. */
  private quoteKey(i: number): string | null {
    const found = quotePrefix(this.paras[i]!.join(''));
    return found ? `${found.initials}${'>'.repeat(found.depth)}` : null;
  }

  /** How many units of hard line i its quote prefix takes. */
  private prefixUnits(i: number): number {
    const units = this.paras[i]!;
    const found = quotePrefix(units.join(''));
    if (!found) return 0;
    let n = 0;
    let chars = 0;
    while (n < units.length && chars < found.length) chars += units[n++]!.length;
    return n;
  }

  // ---- the cursor ----

  private at(p: number, o: number): void {
    this.p = Math.max(0, Math.min(p, this.paras.length - 1));
    const units = this.paras[this.p]!;
    this.o = this.settle(units, Math.max(0, Math.min(o, units.length)));
  }

  /** The cursor's screen line within its hard line, and its display column. */
  private locate(): { rows: Row[]; r: number; col: number } {
    const units = this.paras[this.p]!;
    const rows = this.rowsOf(units);
    const o = this.o;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const last = r === rows.length - 1;
      // Where a long word was broken the offset is both the end of one row and the start of the next: it shows on the next.
      if (o <= row.end && (o < row.end || row.end < row.next || last)) return { rows, r, col: widthOf(units, row.start, o) };
      if (o < row.next) return { rows, r: r + 1, col: 0 };
    }
    return { rows, r: rows.length - 1, col: 0 };
  }

  /** An offset inside the spaces a soft break swallowed shows at the next row's start: it is put there. */
  private settle(units: readonly string[], o: number): number {
    for (const row of this.rowsOf(units)) if (row.end < o && o < row.next) return row.next;
    return o;
  }

  /** One step left: over a character whole, and over the spaces of a soft break at once. */
  private leftOf(units: readonly string[], o: number): number {
    const x = o - 1;
    for (const row of this.rowsOf(units)) if (row.end < x && x < row.next) return row.end;
    return x;
  }

  private rightOf(units: readonly string[], o: number): number {
    return this.settle(units, o + 1);
  }

  /** The last place on screen line r the cursor can show at. */
  private endOfRow(rows: readonly Row[], r: number): number {
    const row = rows[r]!;
    if (row.end === row.next && r < rows.length - 1 && row.end > row.start) return row.end - 1;
    return row.end;
  }

  private vertical(delta: number): void {
    const { r, col } = this.locate();
    const goal = this.goal ?? col;
    let line = r;
    for (let i = 0; i < this.p; i++) line += this.rowsOf(this.paras[i]!, i).length;
    let target = Math.max(0, Math.min(line + delta, this.rowTotal(this.paras) - 1));
    let p = 0;
    while (target >= this.rowsOf(this.paras[p]!, p).length) target -= this.rowsOf(this.paras[p]!, p++).length;
    const units = this.paras[p]!;
    const rows = this.rowsOf(units);
    const row = rows[target]!;
    let o = row.start;
    let w = 0;
    while (o < row.end && w + unitWidth(units[o]!) <= goal) w += unitWidth(units[o++]!);
    this.p = p;
    this.o = Math.min(o, this.endOfRow(rows, target));
    this.goal = goal;
  }
}

function clampInt(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.max(min, Math.min(Math.floor(n), max)) : min;
}

/** Non-space units in [from, to). */
function countSolid(units: readonly string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (!isSpaceUnit(units[i]!)) n++;
  return n;
}

/** The place in `lines` (each from `offset` on) right after the `ordinal`-th non-space unit. */
function findSolid(lines: readonly string[][], offset: number, ordinal: number): [number, number] {
  let left = ordinal;
  for (let i = 0; i < lines.length; i++) {
    const units = lines[i]!;
    for (let j = offset; j < units.length; j++) {
      if (left === 0) return [i, j];
      if (!isSpaceUnit(units[j]!)) left--;
    }
    if (left === 0) return [i, units.length];
  }
  const last = lines.length - 1;
  return [Math.max(last, 0), lines[last]?.length ?? 0];
}
