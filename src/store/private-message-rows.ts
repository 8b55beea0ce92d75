import type { PrivateMessage } from './types/private-messages.js';

/** The row of a private message as both engines read it: flags are 0/1 in SQLite, booleans in PostgreSQL. */
export interface PrivateMessageRow {
  id: number;
  sender_id: number;
  sender_name: string;
  recipient_id: number;
  recipient_name: string;
  created_at: number;
  body: string;
  read: number | boolean;
  subject: string | null;
  deleted_by_recipient: number | boolean;
}

export const PRIVATE_MESSAGE_SELECT = `
  SELECT m.id, m.sender_id, s.name AS sender_name, m.recipient_id, r.name AS recipient_name,
         m.created_at, m.body, m.read, m.subject, m.deleted_by_recipient
  FROM private_messages m
  JOIN users s ON s.id = m.sender_id
  JOIN users r ON r.id = m.recipient_id`;

export function toPrivateMessage(row: PrivateMessageRow): PrivateMessage {
  return {
    id: row.id,
    senderId: row.sender_id,
    senderName: row.sender_name,
    recipientId: row.recipient_id,
    recipientName: row.recipient_name,
    createdAt: new Date(row.created_at),
    body: row.body,
    read: Boolean(row.read),
    subject: row.subject,
    deletedByRecipient: Boolean(row.deleted_by_recipient),
  };
}
