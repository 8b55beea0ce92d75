import type { Encoding } from '../../session/events.js';
import { crlf, encodeText } from './output-text.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * The text as whole CR LF lines (none when empty), then the pchar (already
 * CR LF), encoded. `own` gives the bytes memory of their own rather than a
 * slice of Node's shared pool, for bytes that are kept.
 */
export function encodePrompt(text: string, pchar: string, encoding: Encoding, own = false): Buffer {
  if (encoding === 'cp437') {
    const bytes = encodeText(promptText(text, pchar), encoding);
    return own ? ownCopy(bytes) : bytes;
  }
  return utf8Prompt(text, pchar, own);
}

function promptText(text: string, pchar: string): string {
  if (text === '') return pchar;
  const body = crlf(text);
  return body.endsWith('\n') ? body + pchar : `${body}\r\n${pchar}`;
}

/**
 * The UTF-8 case written straight into one buffer, a line at a time: a menu
 * is a few thousand characters, and its CR LF copy, the copy that flattened
 * it with the pchar and then the bytes were three times its size in garbage
 * every time it changed.
 */
function utf8Prompt(text: string, pchar: string, own: boolean): Buffer {
  const closes = text !== '' && text.charCodeAt(text.length - 1) !== LF;
  let size = Buffer.byteLength(text, 'utf8') + Buffer.byteLength(pchar, 'utf8') + (closes ? 2 : 0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (i === 0 || text.charCodeAt(i - 1) !== CR) size++;
  const out = own ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
  let at = 0;
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', from)) {
    // A line already ending CR LF keeps its CR; a bare LF gains one.
    const end = i > from && text.charCodeAt(i - 1) === CR ? i - 1 : i;
    if (end > from) at += out.write(text.slice(from, end), at, 'utf8');
    out[at++] = CR;
    out[at++] = LF;
    from = i + 1;
  }
  if (from < text.length) at += out.write(text.slice(from), at, 'utf8');
  if (closes) {
    out[at++] = CR;
    out[at++] = LF;
  }
  at += out.write(pchar, at, 'utf8');
  return at === size ? out : out.subarray(0, at);
}

function ownCopy(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}

/**
 * A prompt's text and pchar as terminal bytes, kept for the next prompt: a
 * menu asked again is the very string the render cache gave last time, and
 * turning it into CR LF lines and bytes on every key press was most of the
 * garbage a key made. One entry per caller, the last prompt only. The
 * terminal makes one only for a caller who has been asked the same prompt
 * twice running: most prompts (the name prompt a waiting caller sits at
 * above all) are asked once, and bytes kept for them would be held, per
 * caller, for nothing. Once made, every prompt's bytes are kept from their
 * first asking: a menu whose count of callers online changed is drawn anew,
 * and encoding it twice, once to send and once to keep, was garbage too.
 */
export class PromptBytes {
  private text: string | null = null;
  private pchar = '';
  private encoding: Encoding | null = null;
  private bytes: Buffer | null = null;

  /** The prompt's bytes (see `encodePrompt`), the kept ones when it is the last prompt again. */
  get(text: string, pchar: string, encoding: Encoding): Buffer {
    // The same string object compares at once; an equal copy compares without allocating.
    if (this.bytes !== null && text === this.text && pchar === this.pchar && encoding === this.encoding) return this.bytes;
    this.bytes = encodePrompt(text, pchar, encoding, true);
    this.text = text;
    this.pchar = pchar;
    this.encoding = encoding;
    return this.bytes;
  }

  /** The caller is leaving: nothing to keep. */
  clear(): void {
    this.text = null;
    this.bytes = null;
  }
}
