import { saneSize, terminalWith, type InputEvent, type OutputEvent, type PromptMode, type Terminal } from '../../session/events.js';
import { decodeCp437Input } from '../../screens/cp437.js';
import { textWidth } from '../../screens/text-width.js';
import { LineEditor, type EditorOutput } from './line-editor.js';
import { crlf, encodeText } from './output-text.js';
import { packFlags } from '../../session/packed-flags.js';
import { encodePrompt, PromptBytes } from './prompt-bytes.js';
import { RawHandle, TERMINAL_RESET, type RawHost } from './raw-mode.js';
import { EditorSession } from './editor/editor-session.js';
import type { EditRequest } from '../../session/edit.js';
import type { RawListener, RawTerminal } from '../../session/caller.js';
import { Typeahead } from './typeahead.js';
import { NO_CHAR, Utf8Decoder } from './utf8-decoder.js';

/**
 * One caller's character-mode terminal, shared by every wire that has one
 * (telnet, SSH pty, browser): decodes keys, edits the line, echoes, and
 * renders output events as terminal bytes. Knows nothing about the wire.
 */

/** Where a terminal session's output goes: the wire's glue, an object so a connection can be its own. */
export interface TerminalWire {
  /** Raw terminal bytes to the caller; the wire escapes them further (telnet doubles 0xFF). */
  write(bytes: Buffer): void;
  /** Line and resize events for the conversation; open and hangup come from the wire. */
  input(event: InputEvent): void;
  /** Bytes written and not yet sent: a handed-off terminal's peer waits while this is high. */
  backlog?(): number;
  /** Stop reading the caller's bytes (true) or read them again (false): a handed-off terminal's peer is backed up. */
  hold?(held: boolean): void;
}

interface TerminalSessionOptions {
  /** Initial capabilities (encoding, size, colour level ...). */
  terminal: Terminal;
  wire: TerminalWire;
  /** Milliseconds on some steady clock; tests set their own. */
  now?: () => number;
}

/** The default steady clock, one function for every session. */
function steadyNow(): number {
  return performance.now();
}

/** Screens that arrive while the terminal is handed off (a page, a broadcast) are shown when it is back, up to this many. */
const MAX_HELD_SCREENS = 16;

/** Keys typed ahead of the next prompt are kept up to this many bytes. */
export const TYPEAHEAD_BYTES = 1024;

/**
 * An Enter this soon after a hot key is the caller's habit from line-mode
 * boards (`1` Enter), not an answer to the screen the key opened: people
 * press it 50-300 ms after the key, long after the board answered.
 */
export const STRAY_ENTER_MS = 500;

/** What a CP437 terminal's bytes mean as keys, one UTF-16 unit per byte. */
const CP437_KEYS = decodeCp437Input(Uint8Array.from({ length: 256 }, (_, i) => i));

type PromptEvent = Extract<OutputEvent, { type: 'prompt' }>;

const CLEAR_LINE = '\r\x1b[K';
const CURSOR_UP = '\x1b[A';
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
/** Control sequences take no column (the pchar carries colours). */
const CONTROL_SEQUENCE = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export class TerminalSession implements EditorOutput, RawHost {
  /** The yes/no states below, as bits (see `packFlags`). */
  private flags = 0;
  private term: Terminal;
  private readonly wire: TerminalWire;
  private readonly now: () => number;
  private readonly editor: LineEditor;
  /** Made with the first byte decoded as UTF-8, and the first key typed ahead: a caller who types nothing holds neither. */
  private decoder: Utf8Decoder | null = null;
  private typeahead: Typeahead | null = null;
  private pchar = '';
  /** The pchar's last row, the one the caller types on: what is put back under a notice that came mid-prompt. */
  private pcharRow = '';
  /** The pchar as the board sent it, so an unchanged one is not converted to CR LF again. */
  private rawPchar = '';
  /**
   * Made when a prompt is asked twice running (a menu): a caller who sits at
   * one prompt, as thousands may at the name prompt, holds only its text.
   */
  private promptBytes: PromptBytes | null = null;
  private lastPromptText: string | null = null;
  /** The open prompt goes from the screen once answered (the board shows the answer its own way). */
  private declare transient: boolean;
  private promptMode: PromptMode = 'line';
  /** The open prompt's pchar was drawn at column 0, so clearing the row erases nothing else. */
  private declare promptAtLineStart: boolean;
  /** The last output left the cursor at column 0 (no prompt open). */
  private declare atLineStart: boolean;
  /** Output has been shown since the caller's last answer: they may not have read it yet, so no clear wipes it. */
  private declare shownSinceAnswer: boolean;
  /** Echo gathered while reading one packet: sent as one write, before any event it caused. */
  private echoed = '';
  private declare exited: boolean;
  private declare feeding: boolean;
  /** The last thing sent was a status line, right above the cursor: the next status replaces it. */
  private declare statusShown: boolean;
  /** Until when an Enter right after a hot key is still taken for the key's own tail. */
  private strayEnterUntil = 0;
  /** The terminal is handed off (a door): bytes go to its peer untouched. */
  private raw: RawHandle | null = null;
  /** Screens for the caller that came while handed off, shown when the terminal is back. */
  private heldScreens: OutputEvent[] | null = null;
  /** The full-screen editor, while the caller writes a message in it. */
  private fullEditor: EditorSession | null = null;

  constructor(opts: TerminalSessionOptions) {
    this.term = terminalWith(opts.terminal);
    this.wire = opts.wire;
    this.now = opts.now ?? steadyNow;
    this.editor = new LineEditor(this);
    this.promptAtLineStart = true;
    this.atLineStart = true;
    this.shownSinceAnswer = true;
  }

  /** The line editor's echo (EditorOutput): gathered, and sent before any event it caused. */
  echo(text: string): void {
    this.echoed += text;
  }

  /** The line editor's answer (EditorOutput): the open prompt was answered. */
  line(text: string): void {
    this.answered(text);
  }

  get terminal(): Terminal {
    return this.term;
  }

  /**
   * Hand the terminal over: from now on the caller's bytes go to `listener`
   * untouched and the handle writes straight to the wire, until it is
   * closed. The open prompt (there should be none) and keys typed ahead are
   * dropped: they belonged to a screen the door replaces.
   */
  openRaw(listener: RawListener): RawTerminal | null {
    if (this.exited || this.raw) return null;
    this.editor.close();
    this.typeahead?.clear();
    this.decoder?.reset();
    this.raw = new RawHandle(this, listener);
    return this.raw;
  }

  /** RawHost: the door's bytes, as they are, to the wire. */
  writeRaw(bytes: Uint8Array): void {
    this.statusShown = false;
    this.wire.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  /** RawHost: the peer is backed up, or caught up again. */
  holdInput(held: boolean): void {
    this.wire.hold?.(held);
  }

  /** RawHost: bytes the wire has not sent yet. */
  backlog(): number {
    return this.wire.backlog?.() ?? 0;
  }

  /** RawHost: the terminal is back: reset it, then show what came meanwhile. */
  leaveRaw(handle: RawHandle): void {
    if (this.raw !== handle) return;
    this.raw = null;
    if (this.exited) return;
    this.send(TERMINAL_RESET);
    this.atLineStart = true;
    this.shownSinceAnswer = false;
    const held = this.heldScreens ?? [];
    this.heldScreens = null;
    for (const event of held) this.deliver(event);
  }

  /** What the caller typed. */
  receive(bytes: Uint8Array): void {
    if (this.exited || bytes.length === 0) return;
    if (this.raw) {
      this.raw.listener.bytes(bytes);
      return;
    }
    if (this.fullEditor) {
      this.fullEditor.input(this.decodeKeys(bytes));
      return;
    }
    // Keys that reach an open prompt after the window are meant for it: an Enter there answers.
    if (this.editor.isOpen && this.strayEnterUntil !== 0 && this.now() > this.strayEnterUntil) this.keepEnter();
    if (this.feeding || !this.editor.isOpen || this.waitingKeys > 0) {
      this.keptKeys().push(bytes);
      this.drain();
      return;
    }
    // The common case reads straight from the packet; only what follows a finished line waits.
    let i = 0;
    this.feeding = true;
    try {
      while (i < bytes.length && this.editor.isOpen && !this.exited) this.feedByte(bytes[i++]!);
    } finally {
      this.feeding = false;
      this.flushEcho();
    }
    if (i < bytes.length && !this.exited) this.keptKeys().push(bytes.subarray(i));
    this.drain();
  }

  deliver(event: OutputEvent): void {
    if (this.exited) return;
    if (this.raw && this.holdWhileRaw(event)) return;
    if (this.fullEditor && this.aroundEditor(event)) return;
    switch (event.type) {
      case 'screen':
        this.showScreen(event.text, event.status === true);
        return;
      case 'prompt':
        this.openPrompt(event);
        return;
      case 'clear':
        this.clearScreen();
        return;
      case 'exit':
        this.finish(event.text);
        return;
      case 'edit':
        this.openEditor(event.request);
        return;
      case 'terminal': {
        const before = this.term.encoding;
        this.term = terminalWith(event.terminal);
        if (before !== this.term.encoding) this.decoder?.reset();
        return;
      }
    }
  }

  resize(cols: number, rows: number): void {
    const size = saneSize(cols, rows);
    this.term = terminalWith(this.term, size);
    if (this.exited) return;
    if (this.raw) this.raw.listener.resize(size.cols, size.rows);
    this.fullEditor?.resize(this.term);
    this.wire.input({ type: 'resize', ...size });
  }

  /** The line dropped: a message being written hands over what the caller typed since its last draft. */
  lastInput(): InputEvent | null {
    const text = this.fullEditor?.takeDraft() ?? null;
    return text === null ? null : { type: 'edit-draft', text };
  }

  /** The full-screen editor opens on a clean screen; asked again after a move to another node, the open one stays. */
  private openEditor(request: EditRequest): void {
    if (this.fullEditor && request.resumes) {
      this.fullEditor.renew(request);
      return;
    }
    this.fullEditor?.close();
    this.editor.close();
    this.typeahead?.clear();
    // An object of its own for the editor's calls: an editor is open for few callers at a time.
    this.fullEditor = new EditorSession(request, this.term, {
      write: (text) => this.send(text),
      finish: (text) => this.editorDone(text),
      draft: (text) => this.wire.input({ type: 'edit-draft', text }),
    });
  }

  /**
   * While the full-screen editor is open the board's output goes around it:
   * a page or a warning becomes a line on its status row, a new terminal
   * setting redraws it; a prompt or an exit means the conversation has left
   * the editor (a call that ended, a move to another node) and it closes.
   */
  private aroundEditor(event: OutputEvent): boolean {
    const editor = this.fullEditor!;
    if (event.type === 'screen') editor.notice(event.text);
    else if (event.type === 'terminal') {
      this.term = terminalWith(event.terminal);
      editor.resize(this.term);
    } else if (event.type === 'prompt' || event.type === 'exit') {
      this.fullEditor = null;
      editor.close();
      this.atLineStart = true;
      return false;
    } else if (event.type === 'edit') return false;
    return true;
  }

  /** The caller saved or gave up: the conversation gets the text as one input. */
  private editorDone(text: string | null): void {
    this.fullEditor = null;
    this.atLineStart = true;
    this.shownSinceAnswer = false;
    this.wire.input({ type: 'edited', text });
  }

  /** Bytes the caller typed as characters, in their terminal's charset (a split UTF-8 sequence waits for its end). */
  private decodeKeys(bytes: Uint8Array): string {
    if (this.term.encoding === 'cp437') return Array.from(bytes, (b) => CP437_KEYS[b]).join('');
    const decoder = (this.decoder ??= new Utf8Decoder());
    let out = '';
    for (const b of bytes) {
      const cp = decoder.push(b);
      if (cp !== NO_CHAR) out += String.fromCodePoint(cp);
    }
    return out;
  }

  /**
   * While handed off, the board's own output waits: a page would land in
   * the middle of a door's screen. Screens are kept (bounded) for when the
   * terminal is back; an exit ends the hand-off first, then says goodbye.
   */
  private holdWhileRaw(event: OutputEvent): boolean {
    if (event.type === 'exit') {
      const raw = this.raw!;
      this.raw = null;
      raw.drop();
      this.send(TERMINAL_RESET);
      this.atLineStart = true;
      return false;
    }
    if (event.type === 'terminal' || event.type === 'handoff') return false;
    this.heldScreens ??= [];
    if (event.type === 'screen' && this.heldScreens.length < MAX_HELD_SCREENS) this.heldScreens.push(event);
    return true;
  }

  /**
   * A clean screen for the view that follows, unless the screen holds
   * something shown since the caller last answered (a page that just came
   * in, the note after a post, a short list): that stays, and the view is
   * drawn below it. Never while a prompt is open: it would wipe the caller's line.
   */
  private clearScreen(): void {
    if (this.shownSinceAnswer || this.editor.isOpen) return;
    this.send(CLEAR_SCREEN);
    this.atLineStart = true;
  }

  private showScreen(text: string, status = false): void {
    if (text === '') return;
    this.shownSinceAnswer = true;
    const body = crlf(text);
    if (!this.editor.isOpen) {
      // A status over the one before it, with nothing between: up a row and write it anew.
      const lead = status && this.statusShown && this.atLineStart ? CURSOR_UP + CLEAR_LINE : this.atLineStart ? '' : '\r\n';
      // A screen is a block of whole lines, as the seed's client printed it.
      this.send(lead + body + (body.endsWith('\n') ? '' : '\r\n'));
      this.atLineStart = true;
      this.statusShown = status && !body.slice(0, -1).includes('\n');
      return;
    }
    // The caller is mid-prompt: lift their line off, print, and put it back below.
    let out = this.promptAtLineStart ? CLEAR_LINE : '\r\n';
    out += body;
    if (!body.endsWith('\n')) out += '\r\n';
    // Back to where the caller's cursor was inside their line, not at its end.
    out += this.pcharRow + this.editor.display + '\b'.repeat(this.editor.tailWidth);
    this.promptAtLineStart = true;
    this.send(out);
  }

  private openPrompt(event: PromptEvent): void {
    const { text, pchar } = event;
    let out = '';
    // The call moved to another node: its first prompt says whether it is the one the caller was typing at.
    const kept = event.moved === 'same' ? this.keptLine(event) : '';
    if (event.moved === 'other') this.typeahead?.clear();
    if (event.moved === 'same' && this.editor.isOpen && this.promptAtLineStart) {
      // The old prompt's row is drawn again below as the new one: wipe it rather than leave a copy.
      this.editor.close();
      out += CLEAR_LINE;
    } else if (this.editor.isOpen) {
      // A new prompt replaces an unanswered one; what was typed there is dropped.
      this.editor.close();
      out += '\r\n';
      this.atLineStart = true;
    }
    let lineStart = this.atLineStart;
    if (text !== '') {
      this.shownSinceAnswer = true;
      lineStart = true;
    }
    if (pchar !== this.rawPchar) {
      this.rawPchar = pchar;
      this.pchar = crlf(pchar);
      this.pcharRow = this.pchar.slice(this.pchar.lastIndexOf('\n') + 1);
    }
    this.promptAtLineStart = lineStart;
    this.transient = event.transient === true;
    this.promptMode = event.mode;
    this.editor.open(event.mode, event.maxLength, kept);
    this.sendAround(out, this.promptBytesFor(text), this.editor.display);
    this.drain();
  }

  private promptBytesFor(text: string): Buffer {
    if (this.promptBytes === null && text === this.lastPromptText) this.promptBytes = new PromptBytes();
    this.lastPromptText = text;
    return this.promptBytes === null ? encodePrompt(text, this.pchar, this.term.encoding) : this.promptBytes.get(text, this.pchar, this.term.encoding);
  }

  /** The half line to carry into a resumed prompt: what the open editor holds. */
  private keptLine(event: PromptEvent): string {
    return event.mode === 'line' && this.editor.isOpen ? this.editor.text : '';
  }

  private finish(text: string): void {
    let out = this.editor.isOpen || !this.atLineStart ? '\r\n' : '';
    out += crlf(text);
    if (text !== '' && !out.endsWith('\n')) out += '\r\n';
    this.exited = true;
    this.promptBytes?.clear();
    this.lastPromptText = null;
    this.editor.close();
    this.typeahead?.clear();
    this.send(out);
  }

  private answered(text: string): void {
    if (this.transient && this.echoed.endsWith('\r\n')) {
      const erase = this.eraseAnswered(text);
      if (erase !== null) this.echoed = this.echoed.slice(0, -2) + erase;
    }
    this.flushEcho();
    this.atLineStart = true;
    this.shownSinceAnswer = false;
    // Keys typed after a hot key wait (raw) for the next prompt; an Enter first among them is dropped.
    if (this.promptMode === 'key' && text !== '') {
      this.strayEnterUntil = this.now() + STRAY_ENTER_MS;
      this.editor.dropNextEnter();
    } else this.keepEnter();
    this.wire.input({ type: 'line', text });
  }

  /**
   * Instead of the line end after an answer: back to the row the prompt began
   * on, blanking every row the pchar and the answer took, so what the board
   * prints next takes their place. Null when the prompt did not begin a row
   * of its own (its start is not known), and the answer stays.
   */
  private eraseAnswered(answer: string): string | null {
    if (!this.promptAtLineStart || this.pchar.includes('\n')) return null;
    const typed = this.promptMode === 'secret' ? [...answer].length : textWidth(answer);
    const width = textWidth(this.pchar.replace(CONTROL_SEQUENCE, '')) + typed;
    // A row filled to its last column leaves the cursor there, not on the next row.
    const rowsAbove = width > 0 ? Math.floor((width - 1) / this.term.cols) : 0;
    return CLEAR_LINE + (CURSOR_UP + '\x1b[K').repeat(rowsAbove);
  }

  private keepEnter(): void {
    this.strayEnterUntil = 0;
    this.editor.dropNextEnter(false);
  }

  private get waitingKeys(): number {
    return this.typeahead?.size ?? 0;
  }

  private keptKeys(): Typeahead {
    return (this.typeahead ??= new Typeahead(TYPEAHEAD_BYTES));
  }

  private drain(): void {
    if (this.feeding) return;
    this.feeding = true;
    try {
      while (this.editor.isOpen && !this.exited) {
        const b = this.typeahead?.shift() ?? -1;
        if (b < 0) break;
        this.feedByte(b);
      }
    } finally {
      this.feeding = false;
      this.flushEcho();
    }
  }

  private feedByte(b: number): void {
    if (this.term.encoding === 'cp437') {
      this.editor.feed(CP437_KEYS.charCodeAt(b));
      return;
    }
    const cp = (this.decoder ??= new Utf8Decoder()).push(b);
    if (cp !== NO_CHAR) this.editor.feed(cp);
  }

  private flushEcho(): void {
    if (this.echoed === '') return;
    this.statusShown = false;
    const text = this.echoed;
    this.echoed = '';
    this.wire.write(encodeText(text, this.term.encoding));
  }

  /** Kept bytes with a few characters either side, as one write; the kept bytes themselves when nothing is around them. */
  private sendAround(before: string, kept: Buffer, after: string): void {
    this.statusShown = false;
    const lead = this.echoed + before;
    this.echoed = '';
    if (lead === '' && after === '') {
      if (kept.length > 0) this.wire.write(kept);
      return;
    }
    const { encoding } = this.term;
    this.wire.write(Buffer.concat([encodeText(lead, encoding), kept, encodeText(after, encoding)]));
  }

  private send(text: string): void {
    this.statusShown = false;
    const all = this.echoed + text;
    this.echoed = '';
    if (all !== '') this.wire.write(encodeText(all, this.term.encoding));
  }
}

packFlags(TerminalSession.prototype, ['transient', 'promptAtLineStart', 'atLineStart', 'shownSinceAnswer', 'exited', 'feeding', 'statusShown']);
