import type { Database, Statement, Transaction } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { PrivateMessage, PrivateMessageRepository } from './types.js';

interface PrivateMessageRow {
  id: number;
  sender_id: number;
  sender_name: string;
  recipient_id: number;
  recipient_name: string;
  created_at: number;
  body: string;
  read: number;
}

const SELECT = `
  SELECT m.id, m.sender_id, s.name AS sender_name, m.recipient_id, r.name AS recipient_name,
         m.created_at, m.body, m.read
  FROM private_messages m
  JOIN users s ON s.id = m.sender_id
  JOIN users r ON r.id = m.recipient_id`;

function toMessage(row: PrivateMessageRow): PrivateMessage {
  return {
    id: row.id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    createdAt: new Date(row.created_at),
    body: row.body,
    read: row.read === 1,
  };
}

export class SqlitePrivateMessageRepository implements PrivateMessageRepository {
  private readonly insert: Statement<[number, number, number, string], { id: number }>;
  private readonly byId: Statement<[number], PrivateMessageRow>;
  private readonly inboxRows: Statement<[number, number], PrivateMessageRow>;
  private readonly unread: Statement<[number], { n: number }>;
  private readonly markOne: Statement<[number, number]>;
  private readonly markMany: Transaction<(recipientId: number, ids: readonly number[]) => void>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO private_messages (sender_id, recipient_id, created_at, body) VALUES (?, ?, ?, ?) RETURNING id',
    );
    this.byId = db.prepare(`${SELECT} WHERE m.id = ?`);
    // Unread oldest first (read them in order), then read newest first.
    this.inboxRows = db.prepare(`${SELECT} WHERE m.recipient_id = ?
      ORDER BY m.read, CASE WHEN m.read = 0 THEN m.id ELSE -m.id END LIMIT ?`);
    this.unread = db.prepare('SELECT count(*) AS n FROM private_messages WHERE recipient_id = ? AND read = 0');
    // The recipient check keeps one user from marking another's mail.
    this.markOne = db.prepare('UPDATE private_messages SET read = 1 WHERE id = ? AND recipient_id = ?');
    this.markMany = db.transaction((recipientId: number, ids: readonly number[]) => {
      for (const id of ids) this.markOne.run(id, recipientId);
    });
  }

  send(senderId: number, recipientId: number, body: string, at: Date): Promise<PrivateMessage> {
    return asPromise(() => {
      const inserted = this.insert.get(senderId, recipientId, at.getTime(), body);
      const row = inserted && this.byId.get(inserted.id);
      if (!row) throw new Error('private message insert returned no row');
      return toMessage(row);
    });
  }

  inbox(recipientId: number, limit: number): Promise<PrivateMessage[]> {
    return asPromise(() => this.inboxRows.all(recipientId, limit).map(toMessage));
  }

  countUnread(recipientId: number): Promise<number> {
    return asPromise(() => this.unread.get(recipientId)?.n ?? 0);
  }

  markRead(recipientId: number, ids: readonly number[]): Promise<void> {
    return asPromise(() => this.markMany(recipientId, ids));
  }
}
