import type { Database, Statement, Transaction } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { PRIVATE_MESSAGE_SELECT as SELECT, toPrivateMessage as toMessage, type PrivateMessageRow } from './private-message-rows.js';
import type { PrivateMessage, PrivateMessageRepository } from './types/private-messages.js';

export class SqlitePrivateMessageRepository implements PrivateMessageRepository {
  private readonly insert: Statement<[number, number, number, string, string | null], { id: number }>;
  private readonly byId: Statement<[number], PrivateMessageRow>;
  private readonly inboxRows: Statement<[number, number], PrivateMessageRow>;
  private readonly unread: Statement<[number], { n: number }>;
  private readonly markOne: Statement<[number, number]>;
  private readonly hide: Statement<[number, number]>;
  private readonly markMany: Transaction<(recipientId: number, ids: readonly number[]) => void>;

  constructor(db: Database) {
    this.insert = db.prepare(
      `INSERT INTO private_messages (sender_id, recipient_id, created_at, body, subject)
       VALUES (?, ?, ?, ?, ?) RETURNING id`,
    );
    this.byId = db.prepare(`${SELECT} WHERE m.id = ?`);
    // Unread oldest first (read them in order), then read newest first.
    this.inboxRows = db.prepare(`${SELECT} WHERE m.recipient_id = ? AND m.deleted_by_recipient = 0
      ORDER BY m.read, CASE WHEN m.read = 0 THEN m.id ELSE -m.id END LIMIT ?`);
    this.unread = db.prepare(
      'SELECT count(*) AS n FROM private_messages WHERE recipient_id = ? AND deleted_by_recipient = 0 AND read = 0',
    );
    // The recipient check keeps one user from marking another's mail.
    this.markOne = db.prepare('UPDATE private_messages SET read = 1 WHERE id = ? AND recipient_id = ?');
    this.hide = db.prepare(
      'UPDATE private_messages SET deleted_by_recipient = 1 WHERE id = ? AND recipient_id = ? AND deleted_by_recipient = 0',
    );
    this.markMany = db.transaction((recipientId: number, ids: readonly number[]) => {
      for (const id of ids) this.markOne.run(id, recipientId);
    });
  }

  send(senderId: number, recipientId: number, body: string, at: Date, subject: string | null = null): Promise<PrivateMessage> {
    return asPromise(() => {
      const inserted = this.insert.get(senderId, recipientId, at.getTime(), body, subject);
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

  findById(id: number): Promise<PrivateMessage | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toMessage(row) : null;
    });
  }

  deleteForRecipient(recipientId: number, id: number): Promise<boolean> {
    return asPromise(() => this.hide.run(id, recipientId).changes > 0);
  }
}
