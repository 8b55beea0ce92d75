import type { QueueWait } from '../hash-queue.js';
import { nameKey } from '../name-key.js';
import { nameSkeleton } from '../name-skeleton.js';
import type { PasswordHasher } from '../password.js';
import type { CreateUserResult, NewAccount, SecurityLevel, SysopClaim, User, UserRepository } from '../types/users.js';
import { USER_COLUMNS as COLUMNS, LookalikeTaken, checkLevel, existingUser as existing, refusedAccount, refusesLookalikes } from '../user-rows.js';
import { requireChanged, takesSeat, toUser, verifiedUser, versionOf, type NewUserRow, type UserRow } from '../user-rows.js';
import { isPgUniqueViolation, type PgDatabase, type PgQueryable } from './pg-database.js';

/**
 * Advisory lock classes (the two-key form, which never meets the one-key
 * lock that migrations take). A registration holds NAMES_LOCK on its name's
 * look-alike key, and one that may take the sysop's seat also holds the one
 * SEAT_LOCK, each until its transaction ends.
 *
 * Why locks and not SERIALIZABLE: what a registration must not miss is a
 * row another host is inserting right now, and PostgreSQL's predicate locks
 * would turn every such meeting into an abort and a retry. The locks make
 * the second registration wait for the first one's commit, then read it
 * (READ COMMITTED gives each statement a fresh snapshot, and a transaction's
 * locks go only after its commit is visible): it is refused as a look-alike,
 * or sees the sysop, exactly as SQLite's single writer makes it. Always in
 * this order (name, then seat), so two registrations cannot deadlock.
 */
const NAMES_LOCK = 0x62627375; // "bbsu"
const SEAT_LOCK = 0x62627373; // "bbss"

/** The insert and the seat, as the SQLite repository's write transaction does them; see the locks above. */
async function insertClaiming(tx: PgQueryable, row: NewUserRow, claim: SysopClaim): Promise<UserRow> {
  await tx.run(`SELECT pg_advisory_xact_lock(${NAMES_LOCK}, hashtext($1))`, [row.skeleton]);
  if (claim !== 'none') await tx.run(`SELECT pg_advisory_xact_lock(${SEAT_LOCK}, 0)`);
  if (refusesLookalikes(claim) && (await tx.one('SELECT 1 FROM users WHERE name_skeleton = $1 LIMIT 1', [row.skeleton]))) {
    throw new LookalikeTaken();
  }
  const made = await tx.one<UserRow>(
    `INSERT INTO users (name, name_key, name_skeleton, password_hash, created_at, created_from) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [row.name, row.key, row.skeleton, row.hash, row.at, row.from],
  );
  if (!made) throw new Error('user insert returned no row');
  if (claim === 'none') return made;
  const seat = await tx.one<{ seat_empty: boolean; only_account: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM users WHERE level = 'sysop') AS seat_empty,
            NOT EXISTS (SELECT 1 FROM users WHERE id <> $1) AS only_account`,
    [made.id],
  );
  if (!seat || !takesSeat(claim, seat.seat_empty, seat.only_account)) return made;
  return (await tx.one<UserRow>(`UPDATE users SET level = 'sysop' WHERE id = $1 RETURNING ${COLUMNS}`, [made.id])) ?? made;
}

export class PgUserRepository implements UserRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(name: string, password: string, opts: NewAccount = {}): Promise<CreateUserResult> {
    const { at = new Date(), claim = 'none', from = '' } = opts;
    const key = nameKey(name);
    // Cheap early answer for a taken name; the UNIQUE index still decides races.
    if (await this.db.one('SELECT 1 FROM users WHERE name_key = $1', [key])) return { ok: false, reason: 'taken' };
    // Hashed before the transaction: its locks are held for milliseconds, not for the hash's ~50.
    const hash = await this.hasher.hash(password);
    const row: NewUserRow = { name, key, skeleton: nameSkeleton(name), hash, at: at.getTime(), from };
    try {
      return { ok: true, user: toUser(await this.db.transaction((tx) => insertClaiming(tx, row, claim))) };
    } catch (err) {
      return refusedAccount(err, isPgUniqueViolation);
    }
  }

  async findByName(name: string): Promise<User | null> {
    return this.userWhere('name_key = $1', nameKey(name));
  }

  async findLookalike(name: string): Promise<User | null> {
    return this.userWhere('name_skeleton = $1 ORDER BY id LIMIT 1', nameSkeleton(name));
  }

  async findById(id: number): Promise<User | null> {
    return this.userWhere('id = $1', id);
  }

  async current(user: User): Promise<User | null> {
    const stored = await this.db.one<{ version: number }>('SELECT version FROM users WHERE id = $1', [user.id]);
    if (!stored) return null;
    return stored.version === versionOf(user) ? user : this.findById(user.id);
  }

  async verifyPassword(name: string, password: string, wait?: QueueWait): Promise<User | null> {
    const row = await this.db.one<UserRow & { password_hash: string }>(`SELECT ${COLUMNS}, password_hash FROM users WHERE name_key = $1`, [nameKey(name)]);
    return verifiedUser(this.hasher, row, password, wait);
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    requireChanged(userId, await this.db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, userId]));
  }

  /** Counted by the database (calls + 1), so logins on many hosts at once all count. */
  async recordLogin(userId: number, at: Date): Promise<User> {
    return this.update('calls = calls + 1, last_call_at = $1', at.getTime(), userId);
  }

  async list(): Promise<User[]> {
    return (await this.db.rows<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`)).map(toUser);
  }

  async count(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
  }

  async countSysops(): Promise<number> {
    return (await this.db.one<{ n: number }>("SELECT count(*) AS n FROM users WHERE level = 'sysop'"))?.n ?? 0;
  }

  async setProfile(userId: number, profile: string | null): Promise<User> {
    return this.update('profile = $1', profile, userId);
  }

  async setLevel(userId: number, level: SecurityLevel): Promise<User> {
    checkLevel(level);
    return this.update('level = $1', level, userId);
  }

  async setBanned(userId: number, banned: boolean): Promise<User> {
    return this.update('banned = $1', banned, userId);
  }

  private async userWhere(condition: string, value: unknown): Promise<User | null> {
    const row = await this.db.one<UserRow>(`SELECT ${COLUMNS} FROM users WHERE ${condition}`, [value]);
    return row ? toUser(row) : null;
  }

  /** One UPDATE ... RETURNING: `assignments` uses $1 for `value`; rejects for an unknown id. */
  private async update(assignments: string, value: unknown, userId: number): Promise<User> {
    return existing(userId, await this.db.one<UserRow>(`UPDATE users SET ${assignments} WHERE id = $2 RETURNING ${COLUMNS}`, [value, userId]));
  }
}
