/** Accounts: who may call, at which level, and how an account is made. */

import type { QueueWait } from '../hash-queue.js';

export type SecurityLevel = 'new' | 'member' | 'sysop';

export const SECURITY_LEVELS: readonly SecurityLevel[] = ['new', 'member', 'sysop'];

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
   * The account as stored now: `user` itself when its row has not changed
   * since this store read it (asking costs one integer, not a whole row),
   * the row read afresh when it has, null when the account is gone.
   */
  current(user: User): Promise<User | null>;
  /**
   * The user if the password matches (constant-time compare), else null. An
   * unknown name costs the same hashing time. Banned users still verify: the
   * caller reads `banned` and decides what to show. `wait`: how the check
   * waits its turn in the board's line of password hashes (hash-queue.ts).
   */
  verifyPassword(name: string, password: string, wait?: QueueWait): Promise<User | null>;
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
