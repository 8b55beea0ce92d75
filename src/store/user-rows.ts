import type { QueueWait } from './hash-queue.js';
import type { PasswordHasher } from './password.js';
import { SECURITY_LEVELS, type CreateUserResult, type SecurityLevel, type SysopClaim, type User } from './types/users.js';

/**
 * What the SQLite and PostgreSQL user repositories share: the columns they
 * read, how a row becomes a User, and the rules a new account meets inside
 * its insert transaction. Engine-free: each engine runs its own SQL.
 */

export const USER_COLUMNS = 'id, name, created_at, last_call_at, calls, level, banned, profile, version';

export interface UserRow {
  id: number;
  name: string;
  created_at: number;
  last_call_at: number | null;
  calls: number;
  level: string;
  /** 0/1 from SQLite, a boolean from PostgreSQL. */
  banned: number | boolean;
  profile: string | null;
  /** Raised by a trigger on every change to the row. */
  version: number;
}

/**
 * The row version each User was made from, kept beside it rather than in
 * it: a User is what the rest of the board compares and shows, and the
 * version is only the store's way of telling whether it is still current.
 */
const versions = new WeakMap<User, number>();

/** The version `user` was read at, when this store made it. */
export function versionOf(user: User): number | undefined {
  return versions.get(user);
}

/** A new account as it is inserted: its name, both folded keys, the finished hash. */
export interface NewUserRow {
  name: string;
  key: string;
  skeleton: string;
  hash: string;
  at: number;
  from: string;
}

/** Thrown inside the insert transaction to roll it back: the configured sysop name came after the board had a sysop. */
class SeatTaken extends Error {}

/** Thrown inside the insert transaction to roll it back: an account that looks the same committed first. */
export class LookalikeTaken extends Error {}

export function toUser(row: UserRow): User {
  const user: User = {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at),
    lastCallAt: row.last_call_at === null ? null : new Date(row.last_call_at),
    calls: row.calls,
    level: row.level as SecurityLevel,
    banned: row.banned === true || row.banned === 1,
    profile: row.profile,
  };
  versions.set(user, row.version);
  return user;
}

/** The updated user, or the refusal a setter gives for an id nobody has. */
export function existingUser(userId: number, row: UserRow | undefined): User {
  if (!row) throw new Error(`no user with id ${userId}`);
  return toUser(row);
}

/** A password update that touched no row: the id is nobody's. */
export function requireChanged(userId: number, changed: number): void {
  if (changed === 0) throw new Error(`no user with id ${userId}`);
}

/**
 * The account if `password` matches its stored hash (`row` as read by
 * name, undefined for a name nobody has, which costs the same hashing time).
 */
export async function verifiedUser(
  hasher: PasswordHasher,
  row: (UserRow & { password_hash: string }) | undefined,
  password: string,
  wait?: QueueWait,
): Promise<User | null> {
  if (!row) {
    await hasher.spendVerifyTime(password, wait);
    return null;
  }
  return (await hasher.verify(password, row.password_hash, wait)) ? toUser(row) : null;
}

/** The column predates a CHECK constraint, so the code guards it. */
export function checkLevel(level: SecurityLevel): void {
  if (!SECURITY_LEVELS.includes(level)) throw new Error(`unknown security level ${String(level)}`);
}

/**
 * Whether the new account must not look like one already here. The
 * configured sysop taking the empty seat is not kept out by a look-alike
 * from before look-alikes of it were refused (as in vetNewName).
 */
export function refusesLookalikes(claim: SysopClaim): boolean {
  return claim !== 'configured';
}

/**
 * Whether the just-inserted account takes the sysop's seat, read inside the
 * insert transaction: `seatEmpty` (no sysop yet) and `onlyAccount` (no
 * other account). Throws SeatTaken when the configured name finds the seat
 * taken, so the account is rolled back.
 */
export function takesSeat(claim: SysopClaim, seatEmpty: boolean, onlyAccount: boolean): boolean {
  if (claim === 'none') return false;
  if (claim === 'configured' && !seatEmpty) throw new SeatTaken();
  return seatEmpty && (claim === 'configured' || onlyAccount);
}

/** A failed insert as the caller sees it: the name (or its looks) taken, the seat reserved; anything else is rethrown. */
export function refusedAccount(err: unknown, isUniqueViolation: (err: unknown) => boolean): CreateUserResult {
  if (isUniqueViolation(err) || err instanceof LookalikeTaken) return { ok: false, reason: 'taken' };
  if (err instanceof SeatTaken) return { ok: false, reason: 'reserved' };
  throw err;
}
