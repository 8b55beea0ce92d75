import type { EditRequest } from '../../../session/edit.js';
import type { Terminal } from '../../../session/events.js';
import type { EditorFrame, EditorKey, EditorViewState } from './editor-contract.js';
import { EditorKeyDecoder } from './editor-keys.js';
import { EditorModel } from './editor-model.js';
import { renderEditor } from './editor-view.js';
import { initialsOf, quoteOf } from './quote.js';

/** What the editor needs of the terminal session it runs in. */
interface EditorHost {
  /** Terminal text (the session encodes it for the caller's charset). */
  write(text: string): void;
  /** The caller saved (the text as on the screen) or gave up (null). */
  finish(text: string | null): void;
  /** The text so far, for the call's draft. */
  draft(text: string): void;
}

/** A lone Escape is told from the start of a key's sequence by what follows within this long. */
const ESCAPE_WAIT_MS = 60;
/**
 * The text so far goes to the conversation when the caller pauses this long,
 * and at least this often while they type on: the editor lives beside the
 * connection, so a node restart loses none of it and a dropped line hands
 * over the last of it (`takeDraft`); these only bound what the death of
 * the board's own front process could lose. A draft per key, or per second,
 * would be kept by the conversation just long enough to be copied by every
 * collection, for every caller writing.
 */
const DRAFT_PAUSE_MS = 2000;
const DRAFT_EVERY_MS = 10_000;
/** Bracketed paste on while the editor is open, off when it closes: a paste arrives whole. */
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

/** Whether text changed from `since` to `last` goes to the conversation at `now`: the caller paused, or has typed on too long. */
export function draftIsDue(now: number, since: number, last: number): boolean {
  return now - last >= DRAFT_PAUSE_MS || now - since >= DRAFT_EVERY_MS;
}

type Mode = 'edit' | 'help' | 'confirm' | 'quote';

/** The quote window's place: the original's lines, the cursor among them, and the lines marked. */
interface QuoteWindow {
  lines: string[];
  top: number;
  cursor: number;
  marked: Set<number>;
}

/**
 * The full-screen editor at the caller's connection: keys decoded, applied
 * to the text model, and the screen redrawn where it changed, with no round
 * trip to a node. Ends with the text (Ctrl-Z, Ctrl-S) or nothing (Ctrl-C or
 * Escape, confirmed).
 */
export class EditorSession {
  private readonly model: EditorModel;
  private readonly keys = new EditorKeyDecoder();
  private frame: EditorFrame | null = null;
  private mode: Mode = 'edit';
  private quote: QuoteWindow | null = null;
  private message: string | null = null;
  private top = 0;
  private escTimer: NodeJS.Timeout | null = null;
  private draftTimer: NodeJS.Timeout | null = null;
  private draftArmed = false;
  /** Text not yet handed over: since when, and the last key that changed it (ms, steady clock). */
  private changedSince = 0;
  private changedLast = 0;
  private changed = false;
  private closed = false;

  constructor(
    private request: EditRequest,
    private term: Terminal,
    private readonly host: EditorHost,
  ) {
    this.model = new EditorModel({ width: this.textWidth(), caps: request.caps, text: request.text });
    this.model.move('bottom');
    this.model.move('end');
    this.host.write(PASTE_ON);
    this.draw();
  }

  /** The same request again (the call moved to another node): what is on the screen stays, the header may change. */
  renew(request: EditRequest): void {
    this.request = { ...request, text: this.model.text() };
    this.draw();
  }

  /** Characters the caller typed, decoded from the wire's bytes. */
  input(chars: string): void {
    if (this.closed) return;
    this.clearEscape();
    for (const key of this.keys.push(chars)) {
      this.key(key);
      if (this.closed) return;
    }
    if (this.keys.pending) this.escTimer = setTimeout(() => this.lateEscape(), ESCAPE_WAIT_MS);
    this.draw();
  }

  resize(term: Terminal): void {
    this.term = term;
    this.model.setWidth(this.textWidth());
    this.frame = null;
    this.draw();
  }

  /** Something for the caller from the board (a page, the idle warning): one line on the status row. */
  notice(text: string): void {
    this.message = text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').split('\n').find((l) => l.trim() !== '')?.trim() ?? null;
    this.draw();
  }

  /** The text as it is, when the caller changed it since the last draft handed over (then it counts as handed over); else null. */
  takeDraft(): string | null {
    if (this.closed || !this.changed) return null;
    this.changed = false;
    return this.model.text();
  }

  /** Leave the editor: timers stop, paste mode off, the screen is the session's again. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearEscape();
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    this.draftArmed = false;
    this.host.write(`${PASTE_OFF}\x1b[0m\x1b[2J\x1b[H`);
  }

  private textWidth(): number {
    // One column spare: a line that fills the last column would leave the cursor past it.
    return Math.max(10, this.term.cols - 1);
  }

  private key(key: EditorKey): void {
    if (this.mode === 'help') {
      this.mode = 'edit';
      return;
    }
    if (this.mode === 'confirm') return this.confirmKey(key);
    if (this.mode === 'quote') return this.quoteKey(key);
    this.message = null;
    this.editKey(key);
  }

  private editKey(key: EditorKey): void {
    switch (key.k) {
      case 'text':
      case 'paste':
        if (!this.model.type(key.text)) this.message = `Line cap reached: ${this.request.caps.maxLines} lines of ${this.request.caps.maxLineLength} characters`;
        return this.touched();
      case 'ctrl':
        return this.ctrlKey(key.letter);
      case 'key':
        return this.namedKey(key.name);
    }
  }

  private namedKey(name: Extract<EditorKey, { k: 'key' }>['name']): void {
    switch (name) {
      case 'enter':
        if (!this.model.enter()) this.message = `Line cap reached: ${this.request.caps.maxLines} lines`;
        return this.touched();
      case 'backspace':
        this.model.backspace();
        return this.touched();
      case 'delete':
        this.model.deleteForward();
        return this.touched();
      case 'tab':
        this.model.type('  ');
        return this.touched();
      case 'insert':
        return this.model.toggleOverwrite();
      case 'escape':
        return this.askAbort();
      case 'f1':
        this.mode = 'help';
        return;
      case 'pageUp':
      case 'pageDown':
        return this.model.move(name, Math.max(1, this.textRows() - 1));
      default:
        return this.model.move(name);
    }
  }

  private ctrlKey(letter: string): void {
    const edits: Record<string, () => void> = {
      k: () => this.model.killToEnd(),
      u: () => this.model.killToStart(),
      y: () => this.model.deleteLine(),
      w: () => this.model.deleteWordBefore(),
      r: () => this.model.reflow(),
    };
    if (edits[letter]) {
      edits[letter]();
      return this.touched();
    }
    if (letter === 'a') return this.model.move('home');
    if (letter === 'e') return this.model.move('end');
    if (letter === 'z' || letter === 's') return this.save();
    if (letter === 'c') return this.askAbort();
    if (letter === 'g') this.mode = 'help';
    if (letter === 'q') this.openQuote();
  }

  private save(): void {
    const text = this.model.text();
    this.close();
    this.host.finish(text);
  }

  private askAbort(): void {
    if (this.model.empty) {
      this.close();
      this.host.finish(null);
      return;
    }
    this.mode = 'confirm';
  }

  private confirmKey(key: EditorKey): void {
    this.mode = 'edit';
    const yes = key.k === 'text' && /^[yY]/.test(key.text);
    if (!yes) {
      this.message = 'Still writing.';
      return;
    }
    this.close();
    this.host.finish(null);
  }

  private openQuote(): void {
    if (!this.request.quote) {
      this.message = 'Nothing to quote here: Ctrl-Q quotes the message you answer.';
      return;
    }
    this.quote ??= { lines: this.request.quote.text.replace(/\r\n?/g, '\n').split('\n'), top: 0, cursor: 0, marked: new Set() };
    this.mode = 'quote';
  }

  private quoteKey(key: EditorKey): void {
    const q = this.quote!;
    const move = (to: number): void => {
      q.cursor = Math.max(0, Math.min(q.lines.length - 1, to));
    };
    if (key.k === 'key' && key.name === 'up') move(q.cursor - 1);
    else if (key.k === 'key' && key.name === 'down') move(q.cursor + 1);
    else if (key.k === 'key' && key.name === 'pageUp') move(q.cursor - 8);
    else if (key.k === 'key' && key.name === 'pageDown') move(q.cursor + 8);
    else if (key.k === 'text' && key.text.startsWith(' ')) {
      if (q.marked.has(q.cursor)) q.marked.delete(q.cursor);
      else q.marked.add(q.cursor);
      move(q.cursor + 1);
    } else if (key.k === 'key' && key.name === 'enter') this.insertQuote(q);
    else if ((key.k === 'key' && key.name === 'escape') || (key.k === 'ctrl' && (key.letter === 'q' || key.letter === 'c'))) this.mode = 'edit';
  }

  private insertQuote(q: QuoteWindow): void {
    const picks = q.marked.size > 0 ? [...q.marked].sort((a, b) => a - b) : [q.cursor];
    this.model.insertQuote(quoteOf(this.request.quote!.text, initialsOf(this.request.quote!.author), this.textWidth(), picks));
    q.marked.clear();
    this.mode = 'edit';
    this.touched();
  }

  /** The text changed: the conversation hears it at the next pause, or within DRAFT_EVERY_MS. */
  private touched(): void {
    const now = performance.now();
    if (!this.changed) this.changedSince = now;
    this.changed = true;
    this.changedLast = now;
    if (!this.draftArmed) this.armDraft();
  }

  /** One timer for the whole edit, re-armed with refresh(): a new one per key would be garbage per key. */
  private armDraft(): void {
    this.draftArmed = true;
    if (this.draftTimer) this.draftTimer.refresh();
    else this.draftTimer = setTimeout(() => this.draftDue(), DRAFT_PAUSE_MS);
  }

  private draftDue(): void {
    this.draftArmed = false;
    if (this.closed || !this.changed) return;
    if (!draftIsDue(performance.now(), this.changedSince, this.changedLast)) return this.armDraft();
    const text = this.takeDraft();
    if (text !== null) this.host.draft(text);
  }

  private lateEscape(): void {
    this.escTimer = null;
    for (const key of this.keys.flush()) this.key(key);
    if (!this.closed) this.draw();
  }

  private clearEscape(): void {
    if (this.escTimer) clearTimeout(this.escTimer);
    this.escTimer = null;
  }

  /** Rows of the text area: the screen less the title, the fields, their rule and the status line. */
  private textRows(): number {
    return Math.max(1, this.term.rows - (this.request.header.fields.length + 3));
  }

  private draw(): void {
    if (this.closed) return;
    const shown = this.model.display();
    const rows = this.textRows();
    if (shown.cursor.line < this.top) this.top = shown.cursor.line;
    if (shown.cursor.line >= this.top + rows) this.top = shown.cursor.line - rows + 1;
    const state: EditorViewState = {
      cols: this.term.cols,
      rows: this.term.rows,
      header: this.request.header,
      lines: shown.lines,
      top: this.top,
      cursor: shown.cursor,
      overwrite: this.model.overwrite,
      caps: this.request.caps,
      message: this.message,
      overlay: this.overlay(),
      style: { colorLevel: this.term.colorLevel, ansiBbs: this.term.ansiBbs },
    };
    const { out, frame } = renderEditor(state, this.frame);
    this.frame = frame;
    if (out) this.host.write(out);
  }

  private overlay(): EditorViewState['overlay'] {
    if (this.mode === 'help') return { kind: 'help' };
    if (this.mode === 'confirm') return { kind: 'confirm', text: 'Give up this message? Y to throw it away, any other key to go on writing.' };
    if (this.mode !== 'quote' || !this.quote) return null;
    const q = this.quote;
    const room = Math.max(3, Math.floor(this.textRows() / 2) - 2);
    if (q.cursor < q.top) q.top = q.cursor;
    if (q.cursor >= q.top + room) q.top = q.cursor - room + 1;
    return { kind: 'quote', title: `Quote ${this.request.quote!.author}`, lines: q.lines, top: q.top, cursor: q.cursor, marked: q.marked };
  }
}
