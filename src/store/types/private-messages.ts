/** Private mail between accounts. */

export interface PrivateMessage {
  id: number;
  senderId: number;
  senderName: string;
  recipientId: number;
  recipientName: string;
  createdAt: Date;
  body: string;
  read: boolean;
  subject: string | null;
  /** Hidden from the recipient's inbox; the row stays for the sender. */
  deletedByRecipient: boolean;
}

export interface PrivateMessageRepository {
  send(senderId: number, recipientId: number, body: string, at: Date, subject?: string | null): Promise<PrivateMessage>;
  /** Unread first (oldest unread first), then read ones newest first. Deleted ones never appear. */
  inbox(recipientId: number, limit: number): Promise<PrivateMessage[]>;
  countUnread(recipientId: number): Promise<number>;
  markRead(recipientId: number, ids: readonly number[]): Promise<void>;
  /** Any message, deleted or not; flows check who may see it. */
  findById(id: number): Promise<PrivateMessage | null>;
  /** Hides the message from its recipient. False if it is not theirs or already gone. */
  deleteForRecipient(recipientId: number, id: number): Promise<boolean>;
}
