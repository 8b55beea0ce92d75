/**
 * Every character that some terminal, client or text viewer takes as the end
 * of a line: LF, VT, FF, CR, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
 * A one-line field (a name, a subject, a chat line, a page, any answer to a
 * prompt) must hold none of them: its second half would show on a row of its
 * own, where it can pass for a line the board drew (a forged broadcast).
 */
const BREAK = '\\n\\v\\f\\r\\u0085\\u2028\\u2029';
const ANY_BREAK = new RegExp(`[${BREAK}]`);
const TRAILING_BREAKS = new RegExp(`[${BREAK}]+$`);
const BREAK_RUNS = new RegExp(`[${BREAK}]+`, 'g');

function hasLineBreak(text: string): boolean {
  return ANY_BREAK.test(text);
}

/**
 * The text as one line: the line end a client may have sent with it is
 * dropped, and every break inside becomes one space, so nothing the caller
 * wrote is lost or can start a row of its own.
 */
export function oneLine(text: string): string {
  if (!hasLineBreak(text)) return text;
  return text.replace(TRAILING_BREAKS, '').replace(BREAK_RUNS, ' ');
}
