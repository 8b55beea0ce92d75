/**
 * The store's interface. Async throughout, so a networked database can stand
 * in for the embedded SQLite one later; flows only ever see this file.
 */

export type SecurityLevel = 'new' | 'member' | 'sysop';

export interface User {
  id: number;
  name: string;
  createdAt: Date;
  lastCallAt: Date | null;
  calls: number;
  level: SecurityLevel;
  banned: boolean;
}

export interface PublicMessage {
  id: number;
  authorId: number;
  authorName: string;
  createdAt: Date;
  body: string;
}

export interface PrivateMessage {
  id: number;
  senderId: number;
  senderName: string;
  recipientId: number;
  recipientName: string;
  createdAt: Date;
  body: string;
  read: boolean;
}

export interface CallRecord {
  id: number;
  userId: number | null;
  userName: string | null;
  transport: string;
  remote: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: 'taken' };

export interface UserRepository {
  /**
   * Create an account; the password is hashed with scrypt off the event loop.
   * Names are unique after case and Unicode compatibility folding ("Zed",
   * "zed" and fullwidth "ＺＥＤ" are one name). `at` defaults to now.
   */
  create(name: string, password: string, at?: Date): Promise<CreateUserResult>;
  /** Case-insensitive lookup. */
  findByName(name: string): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  /** The user if the password matches (constant-time compare), else null. */
  verifyPassword(name: string, password: string): Promise<User | null>;
  setPassword(userId: number, password: string): Promise<void>;
  /** Count a call: bumps `calls`, sets `lastCallAt`. */
  recordLogin(userId: number, at: Date): Promise<User>;
  list(): Promise<User[]>;
  count(): Promise<number>;
}

export interface PublicMessageRepository {
  post(authorId: number, body: string, at: Date): Promise<PublicMessage>;
  /** Newest first. `beforeId` pages backwards. */
  listNewestFirst(limit: number, beforeId?: number): Promise<PublicMessage[]>;
  count(): Promise<number>;
}

export interface PrivateMessageRepository {
  send(senderId: number, recipientId: number, body: string, at: Date): Promise<PrivateMessage>;
  /** Unread first (oldest unread first), then read ones newest first. */
  inbox(recipientId: number, limit: number): Promise<PrivateMessage[]>;
  countUnread(recipientId: number): Promise<number>;
  markRead(recipientId: number, ids: readonly number[]): Promise<void>;
}

export interface CallLogRepository {
  start(call: { transport: string; remote: string; at: Date }): Promise<number>;
  setUser(callId: number, userId: number): Promise<void>;
  end(callId: number, outcome: string, at: Date): Promise<void>;
  recent(limit: number): Promise<CallRecord[]>;
}

export interface Store {
  users: UserRepository;
  publicMessages: PublicMessageRepository;
  privateMessages: PrivateMessageRepository;
  calls: CallLogRepository;
  close(): Promise<void>;
}
