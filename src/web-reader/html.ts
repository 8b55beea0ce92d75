import { neutralize, neutralizeLine } from '../screens/neutralize.js';

/**
 * HTML built as strings, for pages that must work with no script at all.
 * Everything a user wrote goes through `text` or `lines` (escaped, control
 * characters made visible as on the terminal); only the page's own markup
 * is ever written raw.
 */

/** Markup that is already safe: the page's own, or user text after escaping. */
export interface Html {
  readonly html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for element content and quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** One line a user wrote (a name, a subject): line breaks become spaces, controls become caret text, then escaped. */
export function text(s: string): Html {
  return { html: escapeHtml(neutralizeLine(s)) };
}

/** A body a user wrote: its line breaks kept, controls made visible, then escaped. */
export function lines(s: string): Html {
  return { html: escapeHtml(neutralize(s, { keepNewlines: true })) };
}

/** The page's own markup, trusted as it stands. */
export function raw(html: string): Html {
  return { html };
}

/**
 * A template whose every interpolated value is escaped unless it is Html
 * already; arrays are joined. So a forgotten escape cannot happen: a plain
 * string in a template is always treated as text.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1]!;
  });
  return { html: out };
}

function piece(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(piece).join('');
  if (typeof v === 'object' && 'html' in v) return (v as Html).html;
  if (typeof v === 'string' || typeof v === 'number') return escapeHtml(neutralizeLine(String(v)));
  throw new TypeError(`not text for a page: ${typeof v}`);
}

/** A date as the board shows it, in UTC, inside a <time> element with its machine-readable form. */
export function when(d: Date): Html {
  const iso = d.toISOString();
  return html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;
}
