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

/** Newest first, a page at a time; the areas are a parameter, so the query text is one whatever the caller may read. */
export async function pgSearchMessages(db: PgQueryable, text: string, areas: readonly string[], page: MessageSearchPage): Promise<MessageHit[]> {
  const phrases = searchPhrases(text);
  if (phrases === null || areas.length === 0 || page.limit <= 0) return [];
  const rows = await db.rows<PublicMessageRow>(
    `SELECT ${PUBLIC_MESSAGE_COLUMNS} FROM public_messages m JOIN users u ON u.id = m.author_id
     WHERE m.words @@ $1::tsquery AND m.area = ANY($2::text[]) AND m.id < $3
     ORDER BY m.id DESC LIMIT $4`,
    [tsPhraseQuery(phrases), areas, page.beforeId ?? NO_UPPER_BOUND, page.limit],
  );
  return rows.map((row) => ({ message: toPublicMessage(row), excerpt: messageExcerpt(row.subject, row.body, phrases) }));
}
