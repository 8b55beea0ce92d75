import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { PublicMessage, PublicMessageRepository } from './types.js';

interface PublicMessageRow {
  id: number;
  author_id: number;
  author_name: string;
  created_at: number;
  body: string;
}

const SELECT = `
  SELECT m.id, m.author_id, u.name AS author_name, m.created_at, m.body
  FROM public_messages m JOIN users u ON u.id = m.author_id`;

function toMessage(row: PublicMessageRow): PublicMessage {
  return {
    id: row.id,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: new Date(row.created_at),
    body: row.body,
  };
}

export class SqlitePublicMessageRepository implements PublicMessageRepository {
  private readonly insert: Statement<[number, number, string], { id: number }>;
  private readonly byId: Statement<[number], PublicMessageRow>;
  private readonly newest: Statement<[number, number], PublicMessageRow>;
  private readonly total: Statement<[], { n: number }>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO public_messages (author_id, created_at, body) VALUES (?, ?, ?) RETURNING id');
    this.byId = db.prepare(`${SELECT} WHERE m.id = ?`);
    this.newest = db.prepare(`${SELECT} WHERE m.id < ? ORDER BY m.id DESC LIMIT ?`);
    this.total = db.prepare('SELECT count(*) AS n FROM public_messages');
  }

  post(authorId: number, body: string, at: Date): Promise<PublicMessage> {
    return asPromise(() => {
      const inserted = this.insert.get(authorId, at.getTime(), body);
      const row = inserted && this.byId.get(inserted.id);
      if (!row) throw new Error('public message insert returned no row');
      return toMessage(row);
    });
  }

  listNewestFirst(limit: number, beforeId: number = Number.MAX_SAFE_INTEGER): Promise<PublicMessage[]> {
    return asPromise(() => this.newest.all(beforeId, limit).map(toMessage));
  }

  count(): Promise<number> {
    return asPromise(() => this.total.get()?.n ?? 0);
  }
}
