import type { Database, Statement, Transaction } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { isUniqueViolation } from './is-unique-violation.js';
import { nameKey } from './name-key.js';
import { nameSkeleton } from './name-skeleton.js';
import type { QueueWait } from './hash-queue.js';
import type { PasswordHasher } from './password.js';
import type { CreateUserResult, NewAccount, SecurityLevel, SysopClaim, User, UserRepository } from './types/users.js';
import {
  USER_COLUMNS as COLUMNS,
  LookalikeTaken,
  checkLevel,
  existingUser as existing,
  refusedAccount,
  refusesLookalikes,
  requireChanged,
  takesSeat,
  toUser,
  verifiedUser,
  versionOf,
  type NewUserRow as NewRow,
  type UserRow,
} from './user-rows.js';

export class SqliteUserRepository implements UserRepository {
  private readonly insert: Statement<[string, string, string, string, number, string], UserRow>;
  private readonly byKey: Statement<[string], UserRow>;
  private readonly bySkeleton: Statement<[string], UserRow>;
  private readonly byId: Statement<[number], UserRow>;
  private readonly versionById: Statement<[number], number>;
  private readonly hashByKey: Statement<[string], UserRow & { password_hash: string }>;
  private readonly updateHash: Statement<[string, number]>;
  private readonly login: Statement<[number, number], UserRow>;
  private readonly all: Statement<[], UserRow>;
  private readonly total: Statement<[], { n: number }>;
  private readonly sysops: Statement<[], { n: number }>;
  private readonly insertClaiming: Transaction<(row: NewRow, claim: SysopClaim) => UserRow | null>;
  private readonly updateProfile: Statement<[string | null, number], UserRow>;
  private readonly updateLevel: Statement<[string, number], UserRow>;
  private readonly updateBanned: Statement<[number, number], UserRow>;

  constructor(
    db: Database,
    private readonly hasher: PasswordHasher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO users (name, name_key, name_skeleton, password_hash, created_at, created_from) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    );
    this.byKey = db.prepare(`SELECT ${COLUMNS} FROM users WHERE name_key = ?`);
    this.bySkeleton = db.prepare(`SELECT ${COLUMNS} FROM users WHERE name_skeleton = ? ORDER BY id LIMIT 1`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
    this.versionById = db.prepare<[number], number>('SELECT version FROM users WHERE id = ?').pluck();
    this.hashByKey = db.prepare(`SELECT ${COLUMNS}, password_hash FROM users WHERE name_key = ?`);
    this.updateHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    this.login = db.prepare(
      `UPDATE users SET calls = calls + 1, last_call_at = ? WHERE id = ? RETURNING ${COLUMNS}`,
    );
    this.all = db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY id`);
    this.total = db.prepare('SELECT count(*) AS n FROM users');
    this.sysops = db.prepare("SELECT count(*) AS n FROM users WHERE level = 'sysop'");
    this.updateProfile = db.prepare(`UPDATE users SET profile = ? WHERE id = ? RETURNING ${COLUMNS}`);
    this.updateLevel = db.prepare(`UPDATE users SET level = ? WHERE id = ? RETURNING ${COLUMNS}`);
    this.updateBanned = db.prepare(`UPDATE users SET banned = ? WHERE id = ? RETURNING ${COLUMNS}`);
    // Look at the names, insert, look at the seat and take it in one write
    // transaction: another registration (on this node or another process)
    // waits for the commit, so it sees this account and this sysop and can
    // become neither a look-alike of it nor a second sysop.
    this.insertClaiming = db.transaction((row: NewRow, claim: SysopClaim): UserRow | null => {
      if (refusesLookalikes(claim) && this.bySkeleton.get(row.skeleton)) throw new LookalikeTaken();
      const made = this.insert.get(row.name, row.key, row.skeleton, row.hash, row.at, row.from);
      if (!made) throw new Error('user insert returned no row');
      if (claim === 'none') return made;
      const seatEmpty = this.sysops.get()?.n === 0;
      if (!takesSeat(claim, seatEmpty, this.total.get()?.n === 1)) return made;
      return this.updateLevel.get('sysop', made.id) ?? null;
    });
  }

  async create(name: string, password: string, opts: NewAccount = {}): Promise<CreateUserResult> {
    const { at = new Date(), claim = 'none', from = '' } = opts;
    const key = nameKey(name);
    // Cheap early answer for a taken name; the UNIQUE index still decides races.
    if (this.byKey.get(key)) return { ok: false, reason: 'taken' };
    const hash = await this.hasher.hash(password);
    try {
      // .immediate: take the write lock up front, so the seat is read under it.
      const row = this.insertClaiming.immediate({ name, key, skeleton: nameSkeleton(name), hash, at: at.getTime(), from }, claim);
      if (!row) throw new Error('user insert returned no row');
      return { ok: true, user: toUser(row) };
    } catch (err) {
      return refusedAccount(err, isUniqueViolation);
    }
  }

  findByName(name: string): Promise<User | null> {
    return asPromise(() => {
      const row = this.byKey.get(nameKey(name));
      return row ? toUser(row) : null;
    });
  }

  findLookalike(name: string): Promise<User | null> {
    return asPromise(() => {
      const row = this.bySkeleton.get(nameSkeleton(name));
      return row ? toUser(row) : null;
    });
  }

  findById(id: number): Promise<User | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toUser(row) : null;
    });
  }

  current(user: User): Promise<User | null> {
    return asPromise(() => {
      const stored = this.versionById.get(user.id);
      if (stored === undefined) return null;
      if (stored === versionOf(user)) return user;
      const row = this.byId.get(user.id);
      return row ? toUser(row) : null;
    });
  }

  async verifyPassword(name: string, password: string, wait?: QueueWait): Promise<User | null> {
    return verifiedUser(this.hasher, this.hashByKey.get(nameKey(name)), password, wait);
  }

  async setPassword(userId: number, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    requireChanged(userId, this.updateHash.run(hash, userId).changes);
  }

  recordLogin(userId: number, at: Date): Promise<User> {
    return asPromise(() => {
      return existing(userId, this.login.get(at.getTime(), userId));
    });
  }

  list(): Promise<User[]> {
    return asPromise(() => this.all.all().map(toUser));
  }

  count(): Promise<number> {
    return asPromise(() => this.total.get()?.n ?? 0);
  }

  countSysops(): Promise<number> {
    return asPromise(() => this.sysops.get()?.n ?? 0);
  }

  setProfile(userId: number, profile: string | null): Promise<User> {
    return asPromise(() => existing(userId, this.updateProfile.get(profile, userId)));
  }

  setLevel(userId: number, level: SecurityLevel): Promise<User> {
    return asPromise(() => {
      checkLevel(level);
      return existing(userId, this.updateLevel.get(level, userId));
    });
  }

  setBanned(userId: number, banned: boolean): Promise<User> {
    return asPromise(() => existing(userId, this.updateBanned.get(banned ? 1 : 0, userId)));
  }
}
