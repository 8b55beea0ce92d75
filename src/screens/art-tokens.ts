/**
 * Art markup, parsed once at load into tokens:
 *   |00-|15        foreground colour (DOS palette order), |16-|23 background
 *   {{name}}       a named variable; {{name:20}} pads to 20 columns,
 *                  {{name:>20}} right-aligns in 20 columns
 *   ESC[...m       ANSI colour (from .ans art), ESC[2J clear screen,
 *                  ESC[nC cursor forward (drawn as blanks); other escapes dropped
 * Variables' values are inserted as literal text at render time and never
 * parsed again, which is what keeps user-written text from becoming markup.
 */

export type ArtToken =
  | { t: 'text'; s: string }
  | { t: 'nl' }
  | { t: 'pipe'; code: number }
  | { t: 'sgr'; params: number[] }
  | { t: 'var'; name: string; width: number; right: boolean }
  | { t: 'clear' };

const VAR = /^\{\{([a-zA-Z][a-zA-Z0-9_.]*)(?::(>?)(\d{1,3}))?\}\}/;

export function tokenizeArt(src: string): ArtToken[] {
  const tokens: ArtToken[] = [];
  let text = '';
  // Characters in `text`, kept as it grows: measuring it at every tab made a file of tabs quadratic.
  let length = 0;
  let afterHighSurrogate = false;
  const flush = (): void => {
    if (text) tokens.push({ t: 'text', s: text });
    text = '';
    length = 0;
    afterHighSurrogate = false;
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '|' && /^[0-2]\d$/.test(src.slice(i + 1, i + 3))) {
      const code = Number(src.slice(i + 1, i + 3));
      if (code <= 23) {
        flush();
        tokens.push({ t: 'pipe', code });
        i += 3;
        continue;
      }
    }
    if (ch === '{' && src[i + 1] === '{') {
      const m = VAR.exec(src.slice(i, i + 80));
      if (m) {
        flush();
        tokens.push({ t: 'var', name: m[1]!, width: m[3] ? Number(m[3]) : 0, right: m[2] === '>' });
        i += m[0].length;
        continue;
      }
    }
    if (ch === '\x1b') {
      flush();
      i = readEscape(src, i, tokens);
      continue;
    }
    if (ch === '\n') {
      flush();
      tokens.push({ t: 'nl' });
    } else if (ch === '\t') {
      const pad = 8 - (length % 8);
      text += ' '.repeat(pad);
      length += pad;
      afterHighSurrogate = false;
    } else if (ch >= ' ' && (ch < '\x7f' || ch > '\x9f')) {
      text += ch;
      const low = ch >= '\udc00' && ch <= '\udfff';
      // A surrogate pair is one character.
      if (!(low && afterHighSurrogate)) length++;
      afterHighSurrogate = !low && ch >= '\ud800' && ch <= '\udbff';
    }
    // Other control characters (a stray CR included, DEL and the C1 range, which some terminals obey) are dropped.
    i++;
  }
  flush();
  return tokens;
}

function readEscape(src: string, start: number, tokens: ArtToken[]): number {
  if (src[start + 1] !== '[') return start + 2;
  let j = start + 2;
  while (j < src.length && j - start < 40 && /[0-9;?]/.test(src[j]!)) j++;
  const final = src[j];
  const body = src.slice(start + 2, j);
  const params = body.split(';').map((p) => (p === '' ? 0 : Number(p)));
  if (final === 'm' && !body.includes('?')) tokens.push({ t: 'sgr', params });
  else if (final === 'J' && params[0] === 2) tokens.push({ t: 'clear' });
  else if (final === 'C') tokens.push({ t: 'text', s: ' '.repeat(Math.min(params[0] || 1, 255)) });
  return final === undefined ? j : j + 1;
}
