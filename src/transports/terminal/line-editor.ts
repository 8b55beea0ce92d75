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
const BS = 0x08;
const LF = 0x0a;
const CR = 0x0d;
const CTRL_U = 0x15;
const ESC = 0x1b;
const DEL = 0x7f;

/** Where we are inside an escape sequence the caller's terminal sent (arrow and function keys). */
const Escape = { None: 0, Esc: 1, Csi: 2, Ss3: 3 } as const;
type Escape = (typeof Escape)[keyof typeof Escape];

/** Longest parameter run we wait for before deciding an ESC [ was not a key sequence. */
const MAX_SEQUENCE = 32;

export const MASK = '*';

export class LineEditor {
  private mode: PromptMode | null = null;
  private maxLength = 0;
  private chars: string[] = [];
  /** UTF-16 length of the line, the unit the cap is checked in. */
  private length = 0;
  private escape: Escape = Escape.None;
  private sequenceLength = 0;
  /** A CR ended the last line: an LF or NUL right after it is the same Enter. */
  private afterCr = false;
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

  open(mode: PromptMode, maxLength: number): void {
    this.mode = mode;
    this.maxLength = Number.isFinite(maxLength) && maxLength >= 1 ? Math.min(Math.floor(maxLength), HARD_MAX_LENGTH) : HARD_MAX_LENGTH;
    this.clear();
  }

  /** Abandon the open prompt without answering it. */
  close(): void {
    this.mode = null;
    this.clear();
  }

  feed(cp: number): void {
    if (this.afterCr) {
      this.afterCr = false;
      if (cp === LF || cp === NUL) return;
    }
    if (this.escape !== Escape.None && this.inSequence(cp)) return;
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
    }
    if (isControl(cp)) return;
    this.insert(cp);
  }

  /** Returns true when `cp` belonged to an escape sequence (and is swallowed). */
  private inSequence(cp: number): boolean {
    switch (this.escape) {
      case Escape.Esc:
        this.escape = Escape.None;
        this.sequenceLength = 0;
        if (cp === 0x5b) this.escape = Escape.Csi;
        else if (cp === 0x4f) this.escape = Escape.Ss3;
        // ESC + printable is Alt+key: swallowed. ESC + control: the ESC is dropped, the control acts.
        return cp >= 0x20 && cp < 0x7f;
      case Escape.Csi:
      case Escape.Ss3:
        if (cp >= 0x20 && cp <= 0x3f && this.sequenceLength < MAX_SEQUENCE) {
          this.sequenceLength++;
          return true;
        }
        this.escape = Escape.None;
        this.sequenceLength = 0;
        return cp >= 0x40 && cp <= 0x7e;
      default:
        return false;
    }
  }

  private enter(): void {
    const text = this.mode === 'key' ? '' : this.chars.join('');
    this.close();
    this.out.echo('\r\n');
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
    this.chars.push(ch);
    this.length += ch.length;
    this.rang = false;
    this.out.echo(this.mode === 'secret' ? MASK : ch);
  }

  private backspace(): void {
    if (this.mode === 'key') return;
    const ch = this.chars.pop();
    if (ch === undefined) return;
    this.length -= ch.length;
    this.rang = false;
    const width = this.mode === 'secret' ? 1 : charWidth(ch.codePointAt(0)!);
    if (width > 0) this.out.echo(erase(width));
  }

  private killLine(): void {
    if (this.mode === 'key' || this.chars.length === 0) return;
    let width = 0;
    for (const ch of this.chars) width += this.mode === 'secret' ? 1 : charWidth(ch.codePointAt(0)!);
    this.clear();
    if (width > 0) this.out.echo(erase(width));
  }

  private clear(): void {
    this.chars = [];
    this.length = 0;
    this.rang = false;
  }
}

/** Back over `width` columns, blank them, and back again: works on terminals whose backspace does not erase (SyncTERM). */
export function erase(width: number): string {
  return width === 1 ? '\b \b' : '\b'.repeat(width) + ' '.repeat(width) + '\b'.repeat(width);
}

/** C0, DEL and C1 controls never enter a line. */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029;
}
