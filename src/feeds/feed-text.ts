import { neutralize, neutralizeLine } from '../screens/neutralize.js';

/**
 * User text on its way into a feed. It is neutralised as on the terminal
 * (control bytes become caret text), then cleared of what XML 1.0 cannot
 * carry at all: a lone surrogate half, U+FFFE and U+FFFF. Characters outside
 * the BMP are whole surrogate pairs and pass untouched.
 */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\ufffd');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Plain text as HTML that shows it literally. With `>` escaped, no `]]>` can survive to end a CDATA section early. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A one-line field (subject, name) as HTML text, for the elements the feed library writes as HTML in CDATA. */
export function lineAsHtml(text: string): string {
  return escapeHtml(xmlSafe(neutralizeLine(text)));
}

/** A message body as HTML: its lines kept as line breaks, nothing in it read as markup. */
export function bodyAsHtml(text: string): string {
  const lines = xmlSafe(neutralize(text, { keepNewlines: true }).replace(/\n+$/, '')).split('\n');
  return lines.map(escapeHtml).join('<br />\n');
}

/** The first `chars` characters of a message body on one line, as HTML; counted in text, never cut inside a character. */
export function summaryAsHtml(text: string, chars: number): string {
  const all = [...xmlSafe(neutralizeLine(text)).replace(/\s+/g, ' ').trim()];
  return escapeHtml(all.slice(0, chars).join('')) + (all.length > chars ? '…' : '');
}

/**
 * A one-line field for an element the feed library writes as XML text. Its
 * writer first turns every `&amp;` back into `&` before escaping, so a name
 * that really holds "&amp;" would lose it; escaping `&` here first makes the
 * round trip exact.
 */
export function lineAsXmlText(text: string): string {
  return xmlSafe(neutralizeLine(text)).replace(/&/g, '&amp;');
}
