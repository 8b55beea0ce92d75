import { neutralize, neutralizeLine } from '../../screens/neutralize.js';
import type { PublicMessage } from '../../store/types.js';
import { encodeHeaderText } from './header-words.js';
import type { NewsNames } from './news-names.js';

/** A message as a newsreader sees it: its headers in order, its body lines, and the overview's figures. */
export interface NewsArticle {
  readonly id: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body, neutralised, lines joined by LF; split only when it is sent, since OVER needs just its figures. */
  readonly text: string;
  readonly lines: number;
  /** Octets of the whole article as ARTICLE sends it, CRLFs counted, dot-stuffing not. */
  readonly bytes: number;
  /** The OVER line's fields after the number, tab-separated. */
  readonly overview: string;
}

/** The fields of OVER after the article number, in LIST OVERVIEW.FMT's order. */
export const OVERVIEW_FORMAT = ['Subject:', 'From:', 'Date:', 'Message-ID:', 'References:', ':bytes', ':lines', 'Xref:full'] as const;

/**
 * The article for one public message. `ancestors` are the ids of its parent
 * chain, root first, as References lists them. User text is neutralised as
 * on the terminal: no control byte reaches a newsreader's screen.
 */
export function formatArticle(message: PublicMessage, ancestors: readonly number[], names: NewsNames): NewsArticle {
  const group = names.group(message.area);
  const subject = encodeHeaderText(subjectOf(message));
  const from = fromHeader(message, names);
  const date = rfc5322Date(message.createdAt);
  const messageId = names.messageId(message.id);
  const references = ancestors.map((id) => names.messageId(id)).join(' ');
  const xref = `${names.site} ${group}:${message.id}`;
  // A message ends without a line end of its own; trailing empty lines would be counted by Lines.
  const text = neutralize(message.body, { keepNewlines: true }).replace(/\n+$/, '');
  const lines = countLines(text);
  const headers: Array<[string, string]> = [
    ['Path', `${names.site}!not-for-mail`],
    ['From', from],
    ['Newsgroups', group],
    ['Subject', subject],
    ['Date', date],
    ['Message-ID', messageId],
    ...(references ? [['References', references] as [string, string]] : []),
    ['Xref', xref],
    ['Lines', String(lines)],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  ];
  let bytes = 2; // the empty line between head and body
  for (const [name, value] of headers) bytes += Buffer.byteLength(name) + 2 + Buffer.byteLength(value) + 2;
  // Each LF becomes CR LF, and the last line gets one too.
  bytes += Buffer.byteLength(text) + lines + 1;
  // OVER's line, in LIST OVERVIEW.FMT's order; no field can hold a tab or a line end.
  const overview = `${subject}\t${from}\t${date}\t${messageId}\t${references}\t${bytes}\t${lines}\tXref: ${xref}`;
  return { id: message.id, headers, text, lines, bytes, overview };
}

/** A header's value, '' when the article has none; the name compares without case, as in HDR. */
export function header(article: NewsArticle, name: string): string {
  const lower = name.toLowerCase();
  return article.headers.find(([n]) => n.toLowerCase() === lower)?.[1] ?? '';
}

/** The head as its lines, "Name: value" each. */
export function headLines(article: NewsArticle): string[] {
  return article.headers.map(([name, value]) => `${name}: ${value}`);
}

function subjectOf(message: PublicMessage): string {
  const subject = message.subject === null ? '' : neutralizeLine(message.subject).trim();
  return subject || '(no subject)';
}

/** The author's board name as the display name; the address is made up of the account id, which every name has. */
function fromHeader(message: PublicMessage, names: NewsNames): string {
  const name = neutralizeLine(message.authorName);
  const shown = /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeHeaderText(name);
  return `${shown} <user${message.authorId}@${names.site}>`;
}

/** The body's lines, as ARTICLE and BODY send them. */
export function bodyLines(article: NewsArticle): string[] {
  return article.text.split('\n');
}

function countLines(text: string): number {
  let n = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in UTC: `Fri, 04 Dec 2026 00:48:52 +0000`. */
function rfc5322Date(at: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[at.getUTCDay()]}, ${two(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}
