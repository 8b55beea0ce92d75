import { tokensOf, type Token } from './message-words.js';
import type { MessageExcerpt, TextSpan } from './types/public-messages.js';

/**
 * A search hit's line of context, cut by the board on both engines: a
 * window of the body (or of the subject, when only the subject matched)
 * around the first match, each match inside it given as offsets into the
 * excerpt's text. Offsets, not markup, so every reader (terminal, web) marks
 * them its own way and the message's own text is never read as markup.
 */

const ELLIPSIS = '…';
/** Characters of context kept before the first match. */
const BEFORE = 24;
/** Matches marked at most: an excerpt is one line. */
const MAX_SPANS = 16;
/** Line ends, tabs and control characters become spaces, one for one, so offsets stay true. */
const BLANKS = /[\s\p{Cc}\p{Cf}\p{Cs}]/gu;

/** Where each phrase occurs in the tokens, in text order. */
function spansOf(tokens: readonly Token[], phrases: readonly string[][]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (let i = 0; i < tokens.length && spans.length < MAX_SPANS; i++) {
    for (const phrase of phrases) {
      if (phrase.every((t, k) => tokens[i + k]?.token === t)) {
        spans.push({ start: tokens[i]!.start, end: tokens[i + phrase.length - 1]!.end });
        break;
      }
    }
  }
  return spans;
}

/**
 * The window of `text` around its first match, at most `width` characters,
 * cut at token edges: a little before the match, as much after it as fits,
 * then more before if the text ends first; the whole text when it fits.
 */
function windowOf(text: string, tokens: readonly Token[], spans: readonly TextSpan[], width: number): MessageExcerpt {
  const first = spans[0]!;
  let at = tokens.findIndex((t) => t.start >= first.start - BEFORE);
  let from = tokens[at]!.start;
  let to = first.end;
  for (const t of tokens) if (t.end > to && t.end - from <= width) to = t.end;
  while (at > 0 && to - tokens[at - 1]!.start <= width) from = tokens[--at]!.start;
  // Punctuation before the first token and after the last is part of the text's edge.
  const begin = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (at === 0 && to - begin <= width) from = begin;
  if (to === tokens.at(-1)!.end && end - from <= width) to = end;
  const head = from > begin ? ELLIPSIS : '';
  const tail = to < end ? ELLIPSIS : '';
  const shift = head.length - from;
  return {
    text: head + text.slice(from, to).replace(BLANKS, (c) => ' '.repeat(c.length)) + tail,
    matches: spans.filter((s) => s.start >= from && s.end <= to).map((s) => ({ start: s.start + shift, end: s.end + shift })),
  };
}

/** The excerpt of a message for the phrases searched; the body's start when, oddly, nothing matches. */
export function messageExcerpt(subject: string | null, body: string, phrases: readonly string[][], width = 72): MessageExcerpt {
  for (const text of [body, subject ?? '']) {
    const tokens = tokensOf(text);
    const spans = spansOf(tokens, phrases);
    if (spans.length > 0) return windowOf(text, tokens, spans, width);
  }
  const tokens = tokensOf(body);
  const to = tokens.filter((t) => t.end <= width).pop()?.end ?? 0;
  return { text: body.slice(0, to).replace(BLANKS, (c) => ' '.repeat(c.length)), matches: [] };
}

/** A stretch of a search hit's excerpt, and whether it is a matched word. */
export interface ExcerptPart {
  text: string;
  match: boolean;
}

/** An excerpt cut at its match offsets, for a reader to mark the matches its own way; a span overlapping the one before, or empty, is left out. */
export function messageExcerptParts(excerpt: MessageExcerpt): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let at = 0;
  for (const m of excerpt.matches) {
    if (m.start < at || m.end <= m.start) continue;
    if (m.start > at) parts.push({ text: excerpt.text.slice(at, m.start), match: false });
    parts.push({ text: excerpt.text.slice(m.start, m.end), match: true });
    at = m.end;
  }
  if (at < excerpt.text.length) parts.push({ text: excerpt.text.slice(at), match: false });
  return parts;
}
