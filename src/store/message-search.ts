import type { Database, Statement } from 'better-sqlite3';
import { inList } from './files.js';
import { messageExcerpt } from './message-excerpt.js';
import { searchPhrases, tokensOf } from './message-words.js';
import { NO_UPPER_BOUND, PUBLIC_MESSAGE_COLUMNS, toPublicMessage, type PublicMessageRow } from './public-message-rows.js';
import type { MessageHit, MessageSearchPage } from './types/public-messages.js';

/**
 * Message search on SQLite. The FTS5 table holds no text of its own
 * (contentless): each message's tokens, cut by message-words.ts, are written
 * in the same transaction as the message, separated by spaces, and the
 * `ascii` tokenizer splits only at those spaces (every non-ASCII character
 * is a token character to it), so the index holds exactly the board's
 * tokens. A deleted message leaves the index by trigger (contentless_delete).
 */

/** The tokens of a subject or body as the index reads them. */
export function indexText(text: string | null): string {
  return text === null ? '' : tokensOf(text).map((t) => t.token).join(' ');
}

/** The FTS5 query for the phrases: every one of them, each its tokens in a row. Tokens hold no quote, so none can end a string. */
function ftsPhraseQuery(phrases: readonly string[][]): string {
  return phrases.map((p) => `"${p.join(' ')}"`).join(' AND ');
}

export const INDEX_MESSAGE_SQL = 'INSERT INTO public_messages_fts (rowid, subject, body) VALUES (?, ?, ?)';

/** Writes a new message's words into the index; called inside the posting transaction. */
export class SqliteMessageIndex {
  private readonly insert: Statement<[number, string, string]>;

  constructor(db: Database) {
    this.insert = db.prepare(INDEX_MESSAGE_SQL);
  }

  add(id: number, subject: string | null, body: string): void {
    this.insert.run(id, indexText(subject), indexText(body));
  }
}

/**
 * Newest first is the FTS5 table's rowid order walked backwards, with the
 * LIMIT stopping the walk: a common word matching a hundred thousand
 * messages is never sorted, only read until a page is full.
 */
export function searchMessages(db: Database, text: string, areas: readonly string[], page: MessageSearchPage): MessageHit[] {
  const phrases = searchPhrases(text);
  if (phrases === null || areas.length === 0 || page.limit <= 0) return [];
  const rows = db
    .prepare(
      `SELECT ${PUBLIC_MESSAGE_COLUMNS}
       FROM public_messages_fts s JOIN public_messages m ON m.id = s.rowid JOIN users u ON u.id = m.author_id
       WHERE public_messages_fts MATCH ? AND s.rowid < ? AND m.area IN ${inList(areas.length)}
       ORDER BY s.rowid DESC LIMIT ?`,
    )
    .all(ftsPhraseQuery(phrases), page.beforeId ?? NO_UPPER_BOUND, ...areas, page.limit) as PublicMessageRow[];
  return rows.map((row) => ({ message: toPublicMessage(row), excerpt: messageExcerpt(row.subject, row.body, phrases) }));
}
