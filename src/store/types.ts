/**
 * The store's interface. Async throughout, so a networked database can stand
 * in for the embedded SQLite one later; flows only ever see this file.
 */

export type SecurityLevel = 'new' | 'member' | 'sysop';

export const SECURITY_LEVELS: readonly SecurityLevel[] = ['new', 'member', 'sysop'];

/** The area a message lands in when none is named. */
export const DEFAULT_AREA = 'general';

export interface User {
  id: number;
  name: string;
  createdAt: Date;
  lastCallAt: Date | null;
  calls: number;
  level: SecurityLevel;
  banned: boolean;
  /** A one-line self description shown in the user list; null if never set. */
  profile: string | null;
}

export interface PublicMessage {
  id: number;
  authorId: number;
  authorName: string;
  createdAt: Date;
  body: string;
  area: string;
  subject: string | null;
  /** The message this one replies to; null for a thread's first message. */
  parentId: number | null;
}

export interface NewPublicMessage {
  authorId: number;
  body: string;
  at: Date;
  /** Defaults to the parent's area for a reply, else DEFAULT_AREA. */
  area?: string;
  subject?: string | null;
  parentId?: number | null;
}

export interface AreaSummary {
  area: string;
  count: number;
  lastId: number;
  lastPostedAt: Date;
}

/** A thread in an area: its first message and how it has grown. */
export interface TopicSummary {
  root: PublicMessage;
  replies: number;
  /** The newest message in the thread. */
  lastId: number;
  lastPostedAt: Date;
}

export interface AreaUnread {
  area: string;
  /** Messages newer than the user's last-read pointer. */
  unread: number;
  total: number;
  lastReadId: number;
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
  subject: string | null;
  /** Hidden from the recipient's inbox; the row stays for the sender. */
  deletedByRecipient: boolean;
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

export interface Oneliner {
  id: number;
  userId: number;
  userName: string;
  createdAt: Date;
  text: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type UserSettings = { [key: string]: JsonValue };

export interface SshKey {
  id: number;
  userId: number;
  /** Key type as OpenSSH names it, e.g. "ssh-ed25519". */
  algo: string;
  /** Unique across the board: one key logs in one user. */
  fingerprint: string;
  keyBlob: Buffer;
  comment: string | null;
  createdAt: Date;
}

export interface NewSshKey {
  userId: number;
  algo: string;
  fingerprint: string;
  keyBlob: Uint8Array;
  comment?: string | null;
  at: Date;
}

export type AddSshKeyResult = { ok: true; key: SshKey } | { ok: false; reason: 'taken' };

/**
 * How a new account may take the sysop's seat, settled in the transaction
 * that inserts it: 'first' makes it sysop when it is the board's only
 * account; 'configured' makes it sysop when the board has none and refuses
 * the account ('reserved') when it has one; 'none' leaves it 'new'.
 */
export type SysopClaim = 'none' | 'first' | 'configured';

export type CreateUserResult = { ok: true; user: User } | { ok: false; reason: 'taken' | 'reserved' };

/** How a new account comes to be: when, from where, and whether it may take the sysop's seat. */
export interface NewAccount {
  /** Default: now. */
  at?: Date;
  /** The address that registered it, counted by QuotaRepository.signupsFrom; '' for the sysop's shell. */
  from?: string;
  /** Whether it may become the sysop (default 'none'). */
  claim?: SysopClaim;
}

export interface UserRepository {
  /**
   * Create an account; the password is hashed with scrypt off the event loop.
   * Names are unique after case and Unicode compatibility folding ("Zed",
   * "zed" and fullwidth "ＺＥＤ" are one name).
   */
  create(name: string, password: string, opts?: NewAccount): Promise<CreateUserResult>;
  /** Case-insensitive lookup. */
  findByName(name: string): Promise<User | null>;
  /**
   * An account whose name looks like `name` on screen (same nameSkeleton:
   * "Zed" and "Z\u0435d", "Bob" and "B0b"), the oldest if several; null if none.
   */
  findLookalike(name: string): Promise<User | null>;
  findById(id: number): Promise<User | null>;
  /**
   * The user if the password matches (constant-time compare), else null. An
   * unknown name costs the same hashing time. Banned users still verify: the
   * caller reads `banned` and decides what to show.
   */
  verifyPassword(name: string, password: string): Promise<User | null>;
  setPassword(userId: number, password: string): Promise<void>;
  /** Count a call: bumps `calls`, sets `lastCallAt`. */
  recordLogin(userId: number, at: Date): Promise<User>;
  list(): Promise<User[]>;
  count(): Promise<number>;
  /** Accounts at level sysop: 0 while the sysop's seat is empty. */
  countSysops(): Promise<number>;
  /** The setters return the updated user and reject for an unknown id. */
  setProfile(userId: number, profile: string | null): Promise<User>;
  setLevel(userId: number, level: SecurityLevel): Promise<User>;
  setBanned(userId: number, banned: boolean): Promise<User>;
}

export interface PublicMessageRepository {
  /** Posts to DEFAULT_AREA. */
  post(authorId: number, body: string, at: Date): Promise<PublicMessage>;
  /** Newest first, across all areas. `beforeId` pages backwards. */
  listNewestFirst(limit: number, beforeId?: number): Promise<PublicMessage[]>;
  count(): Promise<number>;
  /**
   * Post with area, subject and parent. A reply stays in its parent's area:
   * naming a different area, or a parent that does not exist, rejects.
   */
  postMessage(message: NewPublicMessage): Promise<PublicMessage>;
  findById(id: number): Promise<PublicMessage | null>;
  /** Oldest first, ids above `afterId` (the reading order from a last-read pointer). */
  listInArea(area: string, limit: number, afterId?: number): Promise<PublicMessage[]>;
  /** Newest first within one area; `beforeId` pages backwards. */
  listInAreaNewestFirst(area: string, limit: number, beforeId?: number): Promise<PublicMessage[]>;
  /** The whole thread the message belongs to, root first, in posting order; [] if unknown. */
  thread(messageId: number): Promise<PublicMessage[]>;
  /** Areas that hold at least one message, by name. */
  areas(): Promise<AreaSummary[]>;
  /** The threads of one area, most recently active first. */
  topics(area: string, limit: number): Promise<TopicSummary[]>;
}

/** Per-user, per-area last-read pointers. */
export interface AreaReadRepository {
  /** 0 when the user never read the area. */
  lastRead(userId: number, area: string): Promise<number>;
  /** Moves the pointer forward to `upToId`; never moves it back. */
  markRead(userId: number, area: string, upToId: number): Promise<void>;
  unreadCount(userId: number, area: string): Promise<number>;
  /** Every area holding messages, by name, with the user's unread count. */
  unreadCounts(userId: number): Promise<AreaUnread[]>;
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

export interface OnelinerRepository {
  add(userId: number, text: string, at: Date): Promise<Oneliner>;
  listNewestFirst(limit: number): Promise<Oneliner[]>;
  /** For a daily cap: pass the start of today in the board's time zone. */
  countByUserSince(userId: number, since: Date): Promise<number>;
}

export interface UserSettingsRepository {
  /** {} for a user who never saved any. */
  get(userId: number): Promise<UserSettings>;
  /** Replaces all of the user's settings. */
  set(userId: number, settings: UserSettings): Promise<void>;
  /** Merges `patch` over the saved settings (a null value is kept as null) and returns the result. */
  update(userId: number, patch: UserSettings): Promise<UserSettings>;
}

export interface SshKeyRepository {
  add(key: NewSshKey): Promise<AddSshKeyResult>;
  /** Oldest first. */
  listForUser(userId: number): Promise<SshKey[]>;
  findByFingerprint(fingerprint: string): Promise<SshKey | null>;
  /** False if the key does not exist or belongs to someone else. */
  remove(userId: number, keyId: number): Promise<boolean>;
}

export interface CallLogRepository {
  start(call: { transport: string; remote: string; at: Date }): Promise<number>;
  setUser(callId: number, userId: number): Promise<void>;
  end(callId: number, outcome: string, at: Date): Promise<void>;
  recent(limit: number): Promise<CallRecord[]>;
  count(): Promise<number>;
}

/** Board-wide values the sysop changes from the board itself (the MOTD), by key. */
export interface BoardSettingsRepository {
  get(key: string): Promise<string | null>;
  /** null removes the key, so the config file's value applies again. */
  set(key: string, value: string | null): Promise<void>;
}

/** Rows in a window: how many, and the time of the one whose ageing out leaves room under a limit. */
export interface WindowUse {
  count: number;
  /** Null while count is under the limit. */
  roomAfter: Date | null;
}

/**
 * What an account or address has written, counted from the rows themselves:
 * exact on every node and across restarts, where a counter in memory is not.
 */
export interface QuotaRepository {
  /** Accounts registered from `address` at or after `since`, measured against `limit`. */
  signupsFrom(address: string, since: Date, limit: number): Promise<WindowUse>;
  /** Public messages the user posted at or after `since`. */
  postsBy(userId: number, since: Date, limit: number): Promise<WindowUse>;
  /** Private messages the user sent at or after `since`. */
  mailBy(userId: number, since: Date, limit: number): Promise<WindowUse>;
  /** UTF-8 bytes of every subject and body the user wrote, public and private. */
  bytesWritten(userId: number): Promise<number>;
}

export interface Store {
  users: UserRepository;
  publicMessages: PublicMessageRepository;
  privateMessages: PrivateMessageRepository;
  calls: CallLogRepository;
  areaReads: AreaReadRepository;
  oneliners: OnelinerRepository;
  userSettings: UserSettingsRepository;
  sshKeys: SshKeyRepository;
  boardSettings: BoardSettingsRepository;
  quotas: QuotaRepository;
  close(): Promise<void>;
}
