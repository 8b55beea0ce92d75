import { messageExcerpt } from '../message-excerpt.js';
import { searchPhrases, tokensOf } from '../message-words.js';
import { NO_UPPER_BOUND, PUBLIC_MESSAGE_COLUMNS, toPublicMessage, type PublicMessageRow } from '../public-message-rows.js';
import type { MessageHit, MessageSearchPage } from '../types/public-messages.js';
import type { PgQueryable } from './pg-database.js';
import { quoted, tsVectorLiteral } from './pg-file-search.js';

/**
 * Message search on PostgreSQL: the same tokens as SQLite's index
 * (message-words.ts), written as a tsvector literal into `public_messages.words`
 * by the INSERT that posts the message, and searched through its GIN index.
 * PostgreSQL's own parser is never used, for the reasons pg-file-search.ts
 * gives; a searched word in a script without spaces is a phrase (`<->`) of
 * its characters, which the positions in the tsvector make exact.
 */

/**
 * A message's tokens as a tsvector literal: the subject's, then the body's
 * one position further on, so no phrase runs from the subject into the body.
 */
export function messageWords(subject: string | null, body: string): string {
  const head = subject === null ? [] : tokensOf(subject);
  const lexemes = [...head, ...tokensOf(body)].map((t, i) => ({ lexeme: t.token, at: i + 1 + (i >= head.length ? 1 : 0) }));
  return tsVectorLiteral(lexemes);
}

/** The phrases as a tsquery literal: every one of them, each its tokens side by side. */
function tsPhraseQuery(phrases: readonly string[][]): string {
  return phrases.map((p) => (p.length === 1 ? quoted(p[0]!) : `(${p.map(quoted).join(' <-> ')})`)).join(' & ');
}

/**
 * How many of the newest messages (before the page's start) are walked back
 * by id and tested one by one, before the word's own index is asked: a
 * common word fills a page among them at once, a rare one is quicker found
 * through the index. About 5 ms of PostgreSQL's time at most.
 */
const RECENT_WINDOW = 20_000;

const SEARCH_SELECT = `SELECT ${PUBLIC_MESSAGE_COLUMNS} FROM public_messages m JOIN users u ON u.id = m.author_id
     WHERE m.words @@ $1::tsquery AND m.area = ANY($2::text[])`;

/**
 * Newest first, a page at a time; the areas are a parameter, so the query
 * text is one whatever the caller may read. Two questions rather than one,
 * because PostgreSQL cannot know which way is quick: it guesses how common
 * a word is from its statistics, and on a guess of "one message in two
 * hundred" walked a million messages back for a word in thirty (80 ms and
 * more), where the word's index answers in a millisecond. So the newest
 * messages are walked first, a bounded stretch; what the page still lacks
 * comes from the index, sorted (`m.id + 0` keeps the id index out of it).
 */
export async function pgSearchMessages(db: PgQueryable, text: string, areas: readonly string[], page: MessageSearchPage, window = RECENT_WINDOW): Promise<MessageHit[]> {
  const phrases = searchPhrases(text);
  if (phrases === null || areas.length === 0 || page.limit <= 0) return [];
  const query = tsPhraseQuery(phrases);
  const before = page.beforeId ?? NO_UPPER_BOUND;
  const floor = Number((await db.rows<{ floor: string }>('SELECT LEAST($1::bigint, COALESCE(max(id), 0) + 1) - $2 AS floor FROM public_messages', [before, window]))[0]!.floor);
  const recent = await db.rows<PublicMessageRow>(`${SEARCH_SELECT} AND m.id < $3 AND m.id >= $4 ORDER BY m.id DESC LIMIT $5`, [query, areas, before, floor, page.limit]);
  const older =
    recent.length < page.limit && floor > 1
      ? await db.rows<PublicMessageRow>(`${SEARCH_SELECT} AND m.id < $3 ORDER BY m.id + 0 DESC LIMIT $4`, [query, areas, floor, page.limit - recent.length])
      : [];
  return [...recent, ...older].map((row) => ({ message: toPublicMessage(row), excerpt: messageExcerpt(row.subject, row.body, phrases) }));
}
