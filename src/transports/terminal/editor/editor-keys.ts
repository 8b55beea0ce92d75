import type { EditorKey } from './editor-contract.js';
import { isControl } from './editor-wrap.js';

/**
 * What terminals send for keys, as keys. Input comes as text (the terminal
 * session already decoded UTF-8 or CP437) in pieces cut anywhere; the
 * decoder keeps what it needs between pieces, so the keys come out the same
 * however the input was split (a run of printable characters may come as
 * several `text` keys, one a piece).
 *
 * Covered: xterm, VT100/VT220, rxvt, the Linux console, PuTTY and
 * SyncTERM/ANSI-BBS. A sequence it does not know is swallowed whole, never
 * typed; a modifier (ESC [ 1 ; 5 C) leaves the key as it is.
 */

/** A bracketed paste keeps this many characters; the rest is dropped. */
export const MAX_PASTE = 64 * 1024;

/** Parameter bytes kept of one sequence; a longer one is still swallowed whole, just not kept. */
const MAX_PARAMS = 32;

const PASTE_END = '\x1b[201~';

type KeyName = Extract<EditorKey, { k: 'key' }>['name'];

/** CSI and SS3 final bytes that are keys whatever the parameters. */
const FINALS: Readonly<Record<string, KeyName>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** rxvt's Shift and Ctrl arrows, ESC [ a and ESC O a: only bare, since CSI ... c is also a terminal's answer to "who are you". */
const RXVT: Readonly<Record<string, KeyName>> = { a: 'up', b: 'down', c: 'right', d: 'left' };

/** ANSI-BBS terminals (SyncTERM) send End as CSI K and Insert as CSI @. */
const CSI_ONLY: Readonly<Record<string, KeyName>> = { K: 'end', '@': 'insert' };

/** VT220-style ESC [ n ~ keys: Home and End are 1/4 on VT220 and PuTTY, 7/8 on rxvt; 11 is F1 on PuTTY and rxvt. */
const TILDE: Readonly<Record<string, KeyName>> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pageUp',
  '6': 'pageDown',
  '7': 'home',
  '8': 'end',
  '11': 'f1',
};

const State = { Ground: 0, Esc: 1, Csi: 2, Ss3: 3, LinuxF: 4, Paste: 5 } as const;
type State = (typeof State)[keyof typeof State];

export class EditorKeyDecoder {
  private state: State = State.Ground;
  private params = '';
  /** A CR was the last key: an LF or NUL right after it is the same Enter. */
  private afterCr = false;
  private paste = '';
  /** How much of the paste's end marker has come so far. */
  private endMatched = 0;
  private text = '';
  private out: EditorKey[] = [];

  /** True while the input stopped inside a sequence (a lone ESC, above all): call flush after a quiet moment. */
  get pending(): boolean {
    return this.state !== State.Ground;
  }

  push(chars: string): EditorKey[] {
    for (const ch of chars) this.char(ch);
    return this.take();
  }

  /**
   * The input went quiet: a lone ESC was the Escape key; a paste cut short
   * comes out as far as it got; a half sequence is dropped.
   */
  flush(): EditorKey[] {
    if (this.state === State.Esc) this.key('escape');
    else if (this.state === State.Paste) this.endPaste();
    this.state = State.Ground;
    this.params = '';
    return this.take();
  }

  private take(): EditorKey[] {
    this.flushText();
    const keys = this.out;
    this.out = [];
    return keys;
  }

  private char(ch: string): void {
    const afterCr = this.afterCr;
    this.afterCr = false;
    switch (this.state) {
      case State.Ground:
        if (afterCr && (ch === '\n' || ch === '\0')) return;
        this.ground(ch);
        return;
      case State.Esc:
        this.escape(ch);
        return;
      case State.Csi:
      case State.Ss3:
        this.sequence(ch);
        return;
      case State.LinuxF:
        // The Linux console's F1-F5 are ESC [ [ A-E: only F1 means something here.
        this.state = State.Ground;
        if (ch === 'A') this.key('f1');
        else if (!isFinal(ch)) this.ground(ch);
        return;
      case State.Paste:
        this.pasted(ch);
        return;
    }
  }

  private ground(ch: string): void {
    const cp = ch.codePointAt(0)!;
    if (!isControl(cp)) {
      this.text += ch;
      return;
    }
    switch (cp) {
      case 0x0d:
        this.afterCr = true;
        this.key('enter');
        return;
      case 0x0a:
        this.key('enter');
        return;
      case 0x08:
      case 0x7f:
        this.key('backspace');
        return;
      case 0x09:
        this.key('tab');
        return;
      case 0x1b:
        this.flushText();
        this.state = State.Esc;
        return;
    }
    if (cp >= 0x01 && cp <= 0x1a) {
      this.flushText();
      this.out.push({ k: 'ctrl', letter: String.fromCharCode(0x60 + cp) });
    }
    // Every other control character (NUL, the rest of C0, C1) means nothing to the editor.
  }

  private escape(ch: string): void {
    this.params = '';
    if (ch === '[') {
      this.state = State.Csi;
      return;
    }
    if (ch === 'O') {
      this.state = State.Ss3;
      return;
    }
    this.state = State.Ground;
    if (isControl(ch.codePointAt(0)!)) {
      // ESC then a control key: the Escape key was pressed, then that key (ESC ESC waits again, for Alt+arrow).
      this.key('escape');
      this.ground(ch);
    }
    // ESC and a printable character is Alt and that key: not an editor key, swallowed.
  }

  private sequence(ch: string): void {
    const cp = ch.codePointAt(0)!;
    if (this.state === State.Csi && ch === '[' && this.params === '') {
      this.state = State.LinuxF;
      return;
    }
    if (cp >= 0x20 && cp <= 0x3f) {
      if (this.params.length < MAX_PARAMS) this.params += ch;
      return;
    }
    const csi = this.state === State.Csi;
    this.state = State.Ground;
    if (!isFinal(ch)) {
      // Not a sequence after all (a control key or text cut into it): what was collected is dropped, this key acts.
      this.ground(ch);
      return;
    }
    this.dispatch(csi, ch);
  }

  private dispatch(csi: boolean, final: string): void {
    const params = this.params;
    const first = params.split(';', 1)[0]!;
    this.params = '';
    // Private parameters (ESC [ ? ...) are the terminal's reports, never keys.
    if (/^[<=>?]/.test(params)) return;
    if (final === '~') {
      if (!csi) return;
      if (first === '200') {
        this.flushText();
        this.state = State.Paste;
        this.paste = '';
        this.endMatched = 0;
        return;
      }
      const tilde = TILDE[first];
      if (tilde) this.key(tilde);
      return;
    }
    if (!csi && final === 'P') {
      this.key('f1');
      return;
    }
    const name = FINALS[final] ?? (csi ? CSI_ONLY[final] : undefined) ?? (params === '' ? RXVT[final] : undefined);
    if (name) this.key(name);
  }

  private pasted(ch: string): void {
    if (ch === PASTE_END[this.endMatched]) {
      this.endMatched++;
      if (this.endMatched === PASTE_END.length) this.endPaste();
      return;
    }
    // A false start of the end marker was pasted text after all.
    if (this.endMatched > 0) {
      const held = PASTE_END.slice(0, this.endMatched);
      this.endMatched = 0;
      for (const c of held) this.keep(c);
      this.pasted(ch);
      return;
    }
    this.keep(ch);
  }

  /** One pasted character: line breaks and tabs stay, other controls (colour sequences copied along) do not. */
  private keep(ch: string): void {
    const cp = ch.codePointAt(0)!;
    if (isControl(cp) && cp !== 0x0a && cp !== 0x0d && cp !== 0x09) return;
    if (this.paste.length + ch.length <= MAX_PASTE) this.paste += ch;
  }

  private endPaste(): void {
    this.state = State.Ground;
    this.endMatched = 0;
    if (this.paste) this.out.push({ k: 'paste', text: this.paste });
    this.paste = '';
  }

  private key(name: KeyName): void {
    this.flushText();
    this.out.push({ k: 'key', name });
  }

  private flushText(): void {
    if (!this.text) return;
    this.out.push({ k: 'text', text: this.text });
    this.text = '';
  }
}

/** The byte that ends a CSI or SS3 sequence. */
function isFinal(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x40 && cp <= 0x7e;
}
