import { tokenizeArt, type ArtToken } from './art-tokens.js';
import { neutralize } from './neutralize.js';
import type { ArtTemplate } from './render.js';

/**
 * A variable's value that is art markup of the sysop's, not a caller's text:
 * the message of the day, whose pipe codes and {{variables}} the sysop means
 * as colour and as the caller's name. Like a TextBlock, a value is markup only
 * where the code that passes it says so; what callers write never is.
 */
export interface ArtMarkup {
  readonly markup: string;
}

export function artMarkup(markup: string): ArtMarkup {
  return { markup };
}

export function isArtMarkup(value: unknown): value is ArtMarkup {
  return typeof value === 'object' && value !== null && typeof (value as { markup?: unknown }).markup === 'string';
}

/** Colours the markup set end with it, so the art around it keeps its own. */
const RESET: ArtToken = { t: 'sgr', params: [0] };

/**
 * Markup's tokens: pipe codes, {{variables}}, line breaks. Control and escape
 * characters are made visible first, so markup colours with pipe codes only
 * and can never send a terminal a command.
 */
function markupTokens(markup: string): ArtToken[] {
  return tokenizeArt(neutralize(markup, { keepNewlines: true }));
}

/**
 * `tpl` with each variable whose value is markup replaced by that markup's
 * tokens, or null when it has none (the usual case: nothing is copied). A
 * {{variable}} inside the markup that names markup again stays as written:
 * markup is spliced once, never into itself.
 */
export function spliceMarkup(tpl: ArtTemplate, vars: Readonly<Record<string, unknown>>): ArtTemplate | null {
  if (!tpl.tokens.some((t) => t.t === 'var' && isArtMarkup(vars[t.name]))) return null;
  const tokens: ArtToken[] = [];
  for (const tok of tpl.tokens) {
    const value = tok.t === 'var' ? vars[tok.name] : undefined;
    if (!isArtMarkup(value)) {
      tokens.push(tok);
      continue;
    }
    for (const inner of markupTokens(value.markup)) {
      tokens.push(inner.t === 'var' && isArtMarkup(vars[inner.name]) ? { t: 'text', s: `{{${inner.name}}}` } : inner);
    }
    tokens.push(RESET);
  }
  return { ...tpl, name: `${tpl.name}+markup`, tokens };
}

/** Markup as plain text, for a reader with no terminal (`ssh bbs@host motd`): colours dropped, variables filled in. */
export function markupAsPlainText(markup: string, vars: Readonly<Record<string, string>>): string {
  return markupTokens(markup)
    .map((t) => (t.t === 'text' ? t.s : t.t === 'nl' ? '\n' : t.t === 'var' ? (vars[t.name] ?? `{{${t.name}}}`) : ''))
    .join('');
}
