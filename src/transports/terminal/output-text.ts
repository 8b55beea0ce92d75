import type { Encoding } from '../../session/events.js';
import { encodeCp437 } from '../../screens/cp437.js';

/** Terminals in character mode move down without returning: every line end goes out as CR LF, never doubled. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export function encodeText(text: string, encoding: Encoding): Buffer {
  return encoding === 'cp437' ? encodeCp437(text) : Buffer.from(text, 'utf8');
}
