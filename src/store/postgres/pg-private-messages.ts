import { PRIVATE_MESSAGE_SELECT as SELECT, toPrivateMessage, type PrivateMessageRow } from '../private-message-rows.js';
import type { PrivateMessage, PrivateMessageRepository } from '../types/private-messages.js';
import type { PgDatabase } from './pg-database.js';

/** The new message with both names, in the statement that inserts it: one round trip a message. */
const SEND = `
  WITH m AS (
    INSERT INTO private_messages (sender_id, recipient_id, created_at, body, subject)
    VALUES ($1, $2, $3, $4, $5)
    RETURNING id, sender_id, recipient_id, created_at, body, read, subject, deleted_by_recipient
  )
  SELECT m.id, m.sender_id, s.name AS sender_name, m.recipient_id, r.name AS recipient_name,
         m.created_at, m.body, m.read, m.subject, m.deleted_by_recipient
  FROM m JOIN users s ON s.id = m.sender_id JOIN users r ON r.id = m.recipient_id`;

export class PgPrivateMessageRepository implements PrivateMessageRepository {
  constructor(private readonly db: PgDatabase) {}

  async send(senderId: number, recipientId: number, body: string, at: Date, subject: string | null = null): Promise<PrivateMessage> {
    const row = await this.db.one<PrivateMessageRow>(SEND, [senderId, recipientId, at.getTime(), body, subject]);
    if (!row) throw new Error('private message insert returned no row');
    return toPrivateMessage(row);
  }

  async inbox(recipientId: number, limit: number): Promise<PrivateMessage[]> {
    // Unread oldest first (read them in order), then read newest first: false sorts before true.
    const rows = await this.db.rows<PrivateMessageRow>(
      `${SELECT} WHERE m.recipient_id = $1 AND NOT m.deleted_by_recipient
       ORDER BY m.read, CASE WHEN m.read THEN -m.id ELSE m.id END LIMIT $2`,
      [recipientId, limit],
    );
    return rows.map(toPrivateMessage);
  }

  async countUnread(recipientId: number): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      'SELECT count(*) AS n FROM private_messages WHERE recipient_id = $1 AND NOT deleted_by_recipient AND NOT read',
      [recipientId],
    );
    return row?.n ?? 0;
  }

  async markRead(recipientId: number, ids: readonly number[]): Promise<void> {
    // One statement for the lot, so they are marked together or not at all;
    // the recipient check keeps one user from marking another's mail.
    await this.db.run('UPDATE private_messages SET read = true WHERE recipient_id = $1 AND id = ANY($2::bigint[])', [recipientId, ids]);
  }

  async findById(id: number): Promise<PrivateMessage | null> {
    const row = await this.db.one<PrivateMessageRow>(`${SELECT} WHERE m.id = $1`, [id]);
    return row ? toPrivateMessage(row) : null;
  }

  async deleteForRecipient(recipientId: number, id: number): Promise<boolean> {
    const changed = await this.db.run(
      'UPDATE private_messages SET deleted_by_recipient = true WHERE id = $1 AND recipient_id = $2 AND NOT deleted_by_recipient',
      [id, recipientId],
    );
    return changed > 0;
  }
}
