import { neutralize, neutralizeLine } from '../../screens/neutralize.js';
import type { PublicMessage } from '../../store/types.js';
import { encodeHeaderText } from './header-words.js';
import type { NewsNames } from './news-names.js';

/** A message as a newsreader sees it: its headers in order, its body lines, and the overview's figures. */
export interface NewsArticle {
  readonly id: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: readonly string[];
  /** Octets of the whole article as ARTICLE sends it, CRLFs counted, dot-stuffing not. */
  readonly bytes: number;
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
  const headers: Array<[string, string]> = [
    ['Path', `${names.site}!not-for-mail`],
    ['From', fromHeader(message, names)],
    ['Newsgroups', group],
    ['Subject', encodeHeaderText(subjectOf(message))],
    ['Date', rfc5322Date(message.createdAt)],
    ['Message-ID', names.messageId(message.id)],
  ];
  if (ancestors.length > 0) headers.push(['References', ancestors.map((id) => names.messageId(id)).join(' ')]);
  const body = bodyLines(message.body);
  headers.push(
    ['Xref', `${names.site} ${group}:${message.id}`],
    ['Lines', String(body.length)],
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/plain; charset=UTF-8'],
    ['Content-Transfer-Encoding', '8bit'],
  );
  let bytes = 2; // the empty line between head and body
  for (const [name, value] of headers) bytes += Buffer.byteLength(name) + 2 + Buffer.byteLength(value) + 2;
  for (const line of body) bytes += Buffer.byteLength(line) + 2;
  return { id: message.id, headers, body, bytes };
}

/** The OVER line's fields after the number; a tab or line end in a field would break the line, so none can be there. */
export function overviewFields(article: NewsArticle): string[] {
  return [header(article, 'Subject'), header(article, 'From'), header(article, 'Date'), header(article, 'Message-ID'), header(article, 'References'), String(article.bytes), String(article.body.length), `Xref: ${header(article, 'Xref')}`];
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

function bodyLines(body: string): string[] {
  const lines = neutralize(body, { keepNewlines: true }).split('\n');
  // A message ends without a line end of its own; a trailing empty line would be counted by Lines.
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in UTC: `Fri, 04 Dec 2026 00:48:52 +0000`. */
function rfc5322Date(at: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[at.getUTCDay()]}, ${two(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}
