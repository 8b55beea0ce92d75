import type { PromptMode } from '../../session/events.js';
import { charWidth } from '../../screens/text-width.js';

/**
 * Server-side line editing for character-mode terminals (telnet with ECHO +
 * SGA, an SSH pty): the caller's terminal sends every key as typed and shows
 * only what we echo. Pure state machine over decoded code points; the
 * terminal session owns bytes, encodings and the wire.
 */

export interface EditorOutput {
  /** Text to echo to the caller (already masked for secrets). */
  echo(text: string): void;
  /** The prompt was answered; the editor has already closed. */
  line(text: string): void;
}

/** No prompt may hold more than this, whatever it asks for: every buffer is bounded. */
export const HARD_MAX_LENGTH = 4096;

const NUL = 0x00;
const CTRL_A = 0x01;
const CTRL_B = 0x02;
const CTRL_E = 0x05;
const CTRL_F = 0x06;
const BS = 0x08;
const LF = 0x0a;
const CTRL_K = 0x0b;
const CR = 0x0d;
const CTRL_U = 0x15;
const CTRL_W = 0x17;
const ESC = 0x1b;
const DEL = 0x7f;

/** Where we are inside an escape sequence the caller's terminal sent (arrow and function keys). */
const Escape = { None: 0, Esc: 1, Csi: 2, Ss3: 3 } as const;
type Escape = (typeof Escape)[keyof typeof Escape];

/** Longest parameter run we wait for before deciding an ESC [ was not a key sequence. */
const MAX_SEQUENCE = 32;

/** The editing keys a terminal sends as escape sequences. */
type Motion = 'left' | 'right' | 'home' | 'end' | 'delete';

/** CSI final bytes and SS3 keys (ESC [ D, ESC O D ...) that move the cursor. */
const FINAL_KEYS: Readonly<Record<string, Motion>> = { D: 'left', C: 'right', H: 'home', F: 'end' };
/** VT-style keys, ESC [ n ~: Home and End as 1/7 and 4/8 (rxvt, the Linux console), Delete as 3. */
const TILDE_KEYS: Readonly<Record<string, Motion>> = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete' };

const MASK = '*';

/**
 * The line is a list of characters with a cursor inside it. The caller's
 * terminal shows it from the column where the prompt left off, and every edit
 * is drawn with relative moves only (backspace to go left, re-echoing a
 * character to go right), which every terminal understands, SyncTERM and
 * line-drawing BBS clients included: we never know the absolute column.
 */
export class LineEditor {
  private mode: PromptMode | null = null;
  private maxLength = 0;
  private readonly chars: string[] = [];
  /** Index in `chars` the next typed character goes before. */
  private cursor = 0;
  /** UTF-16 length of the line, the unit the cap is checked in. */
  private length = 0;
  private escape: Escape = Escape.None;
  private sequence = '';
  /** A CR ended the last line: an LF or NUL right after it is the same Enter. */
  private afterCr = false;
  /** The next key, if it is an Enter, is the tail of a hot key just answered: drop it. */
  private dropEnter = false;
  /** One bell per run of refused keys, not one per pasted byte. */
  private rang = false;

  constructor(private readonly out: EditorOutput) {}

  get isOpen(): boolean {
    return this.mode !== null;
  }

  get currentMode(): PromptMode | null {
    return this.mode;
  }

  /** What the caller's screen shows of the line: the text, or its mask. */
  get display(): string {
    return this.mode === 'secret' ? MASK.repeat(this.chars.length) : this.chars.join('');
  }

  /** Columns between the cursor and the end of the line: how far back to go after redrawing it. */
  get tailWidth(): number {
    return this.widthOf(this.cursor, this.chars.length);
  }

  /** What was typed so far, unmasked. */
  get text(): string {
    return this.chars.join('');
  }

  /**
   * Open a prompt; `text` starts the line already typed (the half line a
   * caller kept when the call moved to another node), cut to the cap,
   * cursor at its end.
   * The caller drew it; the editor only takes it over.
   */
  open(mode: PromptMode, maxLength: number, text = ''): void {
    this.mode = mode;
    this.maxLength = Number.isFinite(maxLength) && maxLength >= 1 ? Math.min(Math.floor(maxLength), HARD_MAX_LENGTH) : HARD_MAX_LENGTH;
    this.clear();
    if (mode === 'key') return;
    for (const ch of text) {
      if (this.length + ch.length > this.maxLength || isControl(ch.codePointAt(0)!)) break;
      this.chars.push(ch);
      this.length += ch.length;
    }
    this.cursor = this.chars.length;
  }

  /** Abandon the open prompt without answering it. */
  close(): void {
    this.mode = null;
    this.clear();
  }

  /**
   * Drop the next key if it is an Enter (CR, LF, CR LF, CR NUL): callers used
   * to line-mode boards press Enter after a hot key, and that Enter must not
   * answer the prompt the key opened. Any other key cancels this.
   */
  dropNextEnter(on = true): void {
    this.dropEnter = on;
  }

  feed(cp: number): void {
    if (this.afterCr) {
      this.afterCr = false;
      if (cp === LF || cp === NUL) return;
    }
    if (this.escape !== Escape.None && this.inSequence(cp)) return;
    if (this.dropEnter) {
      this.dropEnter = false;
      if (cp === CR) this.afterCr = true;
      if (cp === CR || cp === LF) return;
    }
    if (this.mode === null) return;
    switch (cp) {
      case CR:
        this.afterCr = true;
        this.enter();
        return;
      case LF:
        this.enter();
        return;
      case ESC:
        this.escape = Escape.Esc;
        return;
      case BS:
      case DEL:
        this.backspace();
        return;
      case CTRL_U:
        this.killLine();
        return;
      case CTRL_A:
        this.motion('home');
        return;
      case CTRL_E:
        this.motion('end');
        return;
      case CTRL_B:
        this.motion('left');
        return;
      case CTRL_F:
        this.motion('right');
        return;
      case CTRL_K:
        this.killToEnd();
        return;
      case CTRL_W:
        this.killWord();
        return;
    }
    if (isControl(cp)) return;
    this.insert(cp);
  }

  /** Returns true when `cp` belonged to an escape sequence (and is swallowed). */
  private inSequence(cp: number): boolean {
    switch (this.escape) {
      case Escape.Esc:
        this.escape = Escape.None;
        this.sequence = '';
        if (cp === 0x5b) this.escape = Escape.Csi;
        else if (cp === 0x4f) this.escape = Escape.Ss3;
        // A lone ESC (the key itself, or Alt+key) is dropped and the key after it acts as typed,
        // so a caller who pressed Escape loses nothing and no prompt waits on a sequence that never comes.
        return this.escape !== Escape.None;
      case Escape.Csi:
      case Escape.Ss3:
        if (cp >= 0x20 && cp <= 0x3f && this.sequence.length < MAX_SEQUENCE) {
          this.sequence += String.fromCharCode(cp);
          return true;
        }
        if (cp >= 0x40 && cp <= 0x7e) this.keySequence(String.fromCharCode(cp));
        this.escape = Escape.None;
        this.sequence = '';
        return cp >= 0x40 && cp <= 0x7e;
      default:
        return false;
    }
  }

  /** A complete CSI or SS3 sequence ending in `final`: the editing keys act, the rest are ignored. */
  private keySequence(final: string): void {
    if (this.mode === null) return;
    // Modifiers (ESC [ 1 ; 5 C) keep the key's meaning: Ctrl+Right still goes right.
    const first = this.sequence.split(';', 1)[0]!;
    const key = final === '~' ? (this.escape === Escape.Csi ? TILDE_KEYS[first] : undefined) : FINAL_KEYS[final];
    if (key) this.motion(key);
  }

  private motion(key: Motion): void {
    if (this.mode === 'key') return;
    switch (key) {
      case 'left':
        if (this.cursor > 0) this.moveTo(this.cursor - 1);
        return;
      case 'right':
        if (this.cursor < this.chars.length) this.moveTo(this.cursor + 1);
        return;
      case 'home':
        this.moveTo(0);
        return;
      case 'end':
        this.moveTo(this.chars.length);
        return;
      case 'delete':
        if (this.cursor < this.chars.length) this.remove(this.cursor, this.cursor + 1);
        return;
    }
  }

  private enter(): void {
    const text = this.mode === 'key' ? '' : this.chars.join('');
    // The cursor goes to the end first, so the line end leaves every row of the answer above it.
    const rest = this.shown(this.cursor, this.chars.length);
    this.close();
    this.out.echo(rest + '\r\n');
    this.out.line(text);
  }

  private insert(cp: number): void {
    const ch = String.fromCodePoint(cp);
    if (this.length + ch.length > this.maxLength) {
      if (!this.rang) this.out.echo('\x07');
      this.rang = true;
      return;
    }
    if (this.mode === 'key') {
      this.close();
      this.out.echo(ch + '\r\n');
      this.out.line(ch);
      return;
    }
    this.chars.splice(this.cursor, 0, ch);
    this.cursor++;
    this.length += ch.length;
    this.rang = false;
    // What stood right of the cursor is drawn again one character over, and the cursor goes back to follow the new one.
    const tail = this.shown(this.cursor, this.chars.length);
    this.out.echo(this.shown(this.cursor - 1, this.cursor) + tail + back(this.widthOf(this.cursor, this.chars.length)));
  }

  private backspace(): void {
    if (this.mode === 'key' || this.cursor === 0) return;
    this.remove(this.cursor - 1, this.cursor);
  }

  private killLine(): void {
    if (this.mode === 'key' || this.chars.length === 0) return;
    const before = this.widthOf(0, this.cursor);
    const width = this.widthOf(0, this.chars.length);
    this.clear();
    if (width > 0) this.out.echo(back(before) + ' '.repeat(width) + back(width));
  }

  private killToEnd(): void {
    if (this.mode === 'key' || this.cursor === this.chars.length) return;
    this.remove(this.cursor, this.chars.length);
  }

  /** Ctrl-W: the spaces before the cursor, then the word before them. */
  private killWord(): void {
    if (this.mode === 'key' || this.cursor === 0) return;
    let from = this.cursor;
    while (from > 0 && /\s/.test(this.chars[from - 1]!)) from--;
    while (from > 0 && !/\s/.test(this.chars[from - 1]!)) from--;
    this.remove(from, this.cursor);
  }

  /**
   * Take out chars[from, to) with the cursor ending at `from`: back to there,
   * redraw what followed, blank the columns it no longer covers, come back.
   */
  private remove(from: number, to: number): void {
    const left = this.widthOf(from, this.cursor);
    const gone = this.widthOf(from, to);
    for (const ch of this.chars.splice(from, to - from)) this.length -= ch.length;
    this.cursor = from;
    this.rang = false;
    const tailWidth = this.widthOf(from, this.chars.length);
    if (tailWidth === 0) {
      if (left > 0 || gone > 0) this.out.echo(back(left) + (gone > 0 ? ' '.repeat(gone) + back(gone) : ''));
      return;
    }
    this.out.echo(back(left) + this.shown(from, this.chars.length) + ' '.repeat(gone) + back(tailWidth + gone));
  }

  private moveTo(to: number): void {
    if (to < this.cursor) this.out.echo(back(this.widthOf(to, this.cursor)));
    else if (to > this.cursor) this.out.echo(this.shown(this.cursor, to));
    this.cursor = to;
  }

  /** chars[from, to) as the screen shows them. */
  private shown(from: number, to: number): string {
    if (to <= from) return '';
    return this.mode === 'secret' ? MASK.repeat(to - from) : this.chars.slice(from, to).join('');
  }

  /** Columns chars[from, to) take on screen: two for wide characters, one per mask. */
  private widthOf(from: number, to: number): number {
    if (this.mode === 'secret') return Math.max(to - from, 0);
    let width = 0;
    for (let i = from; i < to; i++) width += charWidth(this.chars[i]!.codePointAt(0)!);
    return width;
  }

  private clear(): void {
    // Emptied in place: a fresh array per prompt would be one more object every waiting caller holds.
    this.chars.length = 0;
    this.cursor = 0;
    this.length = 0;
    this.rang = false;
  }
}

/** Move the cursor `width` columns left. */
function back(width: number): string {
  return '\b'.repeat(width);
}

/** C0, DEL and C1 controls never enter a line. */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029;
}
