import { wrapText } from '../screens/text-width.js';
import { SUBJECT_MAX } from './compose.js';

/**
 * The original of a reply as "> " lines, wrapped so each quoted line still
 * fits a typed line, cut short (with a mark) past `maxLines`. The text stays
 * as it was written: like every body, it is neutralised when shown.
 */
export function quoteLines(body: string, lineLength: number, maxLines: number): string[] {
  const rows = wrapText(body.replace(/\r\n?/g, '\n'), Math.max(lineLength - 2, 10)).map((r) => (r.startsWith('>') ? `>${r}` : `> ${r}`).trimEnd());
  while (rows.length && (rows[rows.length - 1] === '>' || rows[rows.length - 1] === '> ')) rows.pop();
  if (rows.length <= maxLines) return rows;
  return [...rows.slice(0, Math.max(maxLines - 1, 0)), '> [...]'];
}

/** "Re: subject", without piling up "Re: Re: Re:". */
export function replySubject(subject: string | null, fallback: string): string {
  const base = (subject ?? fallback).replace(/^(\s*re:\s*)+/i, '').trim() || fallback;
  return [...`Re: ${base}`].slice(0, SUBJECT_MAX).join('');
}
