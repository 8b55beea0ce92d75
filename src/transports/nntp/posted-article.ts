import { decodeCharset, decodeHeaderText } from './header-words.js';

/** An article a newsreader posted, read into what the board keeps. */
export interface PostedArticle {
  /** Header names in lower case; the first of each name counts. */
  headers: ReadonlyMap<string, string>;
  body: string;
}

/**
 * Reads the lines of a POST (already unstuffed, line ends gone): the head up
 * to the first empty line, folded headers unfolded and encoded words decoded,
 * then the body in the charset and transfer encoding its MIME headers name
 * (UTF-8 8bit when they name none). Null with a reason when it cannot be read.
 */
export function readPostedArticle(lines: readonly Buffer[]): PostedArticle | { error: string } {
  const headers = new Map<string, string>();
  let i = 0;
  let last: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i]!.toString('utf8');
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== null) {
      headers.set(last, headers.get(last)! + ' ' + line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, Math.max(colon, 0)).trim().toLowerCase();
    if (name === '') return { error: `header line ${i + 1} has no name` };
    if (headers.has(name)) {
      last = null;
      continue;
    }
    headers.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  for (const [name, value] of headers) headers.set(name, decodeHeaderText(value));
  const bodyLines = lines.slice(i + 1);
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  const encoding = (headers.get('content-transfer-encoding') ?? '8bit').toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(bodyLines.map((l) => l.toString('latin1')).join(''), 'base64');
  else if (encoding === 'quoted-printable') bytes = quotedPrintable(bodyLines);
  else if (encoding === '7bit' || encoding === '8bit' || encoding === 'binary') bytes = Buffer.concat(bodyLines.flatMap((l, n) => (n === 0 ? [l] : [NL, l])));
  else return { error: `transfer encoding ${encoding} is not supported (use 8bit)` };
  const body = decodeCharset(bytes, charset);
  if (body === null) return { error: `charset ${charset} is not supported (use UTF-8)` };
  return { headers, body: body.replace(/\r\n?/g, '\n') };
}

const NL = Buffer.from('\n');

function quotedPrintable(lines: readonly Buffer[]): Buffer {
  const out: number[] = [];
  lines.forEach((raw, n) => {
    let line = raw.toString('latin1').replace(/[ \t]+$/, '');
    const soft = line.endsWith('=');
    if (soft) line = line.slice(0, -1);
    for (let i = 0; i < line.length; i++) {
      const hex = line.slice(i + 1, i + 3);
      if (line[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else out.push(line.charCodeAt(i));
    }
    if (!soft && n < lines.length - 1) out.push(0x0a);
  });
  return Buffer.from(out);
}
