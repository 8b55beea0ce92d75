import { artMarkup } from '../screens/art-markup.js';
import type { Vars } from '../session/io.js';
import type { MessageExcerpt } from '../store/types.js';

/** A stretch of a search hit's excerpt, and whether it is a matched word. */
interface ExcerptPart {
  text: string;
  match: boolean;
}

/**
 * An excerpt with its matched words bright, as the `excerpt` variable of a
 * row: the caller's text goes in as variables (literal text, never markup),
 * only the colour changes around them are markup. `row` keeps the variable
 * names of one row apart from another's.
 */
export function markedExcerptVars(parts: readonly ExcerptPart[], row: number): Vars {
  const vars: Record<string, string> = {};
  let markup = '';
  parts.forEach((part, i) => {
    const key = `x${row}_${i}`;
    vars[key] = part.text.replace(/\s+/g, ' ');
    markup += `${part.match ? '|14' : '|08'}{{${key}}}`;
  });
  return { ...vars, excerpt: artMarkup(markup) };
}

/** A message excerpt cut at its match offsets. */
export function messageExcerptParts(excerpt: MessageExcerpt): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let at = 0;
  for (const m of excerpt.matches) {
    if (m.start < at) continue;
    if (m.start > at) parts.push({ text: excerpt.text.slice(at, m.start), match: false });
    parts.push({ text: excerpt.text.slice(m.start, m.end), match: true });
    at = m.end;
  }
  if (at < excerpt.text.length) parts.push({ text: excerpt.text.slice(at), match: false });
  return parts;
}
