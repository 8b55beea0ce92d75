import type { Encoding } from '../../session/events.js';
import { crlf, encodeText } from './output-text.js';

/** The text as whole CR LF lines (none when empty), then the pchar (already CR LF), encoded. */
export function encodePrompt(text: string, pchar: string, encoding: Encoding): Buffer {
  let body = text === '' ? '' : crlf(text);
  if (body !== '' && !body.endsWith('\n')) body += '\r\n';
  return encodeText(body + pchar, encoding);
}

/**
 * A prompt's text and pchar as terminal bytes, kept for the next prompt: a
 * menu asked again is the very string the render cache gave last time, and
 * turning it into CR LF lines and bytes on every key press was most of the
 * garbage a key made. One entry per caller, the last prompt only, and only
 * once it has been asked twice running: most prompts (the name prompt a
 * waiting caller sits at above all) are asked once, and bytes kept for them
 * would be held, per caller, for nothing.
 */
export class PromptBytes {
  private text: string | null = null;
  private pchar = '';
  private encoding: Encoding | null = null;
  private bytes: Buffer | null = null;

  /** The prompt's bytes (see `encodePrompt`), the kept ones when it is the last prompt again. */
  get(text: string, pchar: string, encoding: Encoding): Buffer {
    // The same string object compares at once; an equal copy compares without allocating.
    const again = text === this.text && pchar === this.pchar && encoding === this.encoding;
    if (again && this.bytes !== null) return this.bytes;
    const encoded = encodePrompt(text, pchar, encoding);
    this.text = text;
    this.pchar = pchar;
    this.encoding = encoding;
    if (!again) {
      this.bytes = null;
      return encoded;
    }
    // Memory of its own: a slice of Node's shared pool would keep the whole pool block for as long as the caller stays.
    this.bytes = Buffer.allocUnsafeSlow(encoded.length);
    encoded.copy(this.bytes);
    return this.bytes;
  }

  /** The caller is leaving: nothing to keep. */
  clear(): void {
    this.text = null;
    this.bytes = null;
  }
}
