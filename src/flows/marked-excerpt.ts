import { artMarkup } from '../screens/art-markup.js';
import type { Vars } from '../session/io.js';
import type { ExcerptPart } from '../store/message-excerpt.js';

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
