import type { Database, Statement } from 'better-sqlite3';
import { unreadAllSql, unreadInAreaSql, toAreaUnread, type UnreadRow } from './area-read-sql.js';
import { asPromise } from './as-promise.js';
import type { AreaReadRepository, AreaUnread } from './types/area-reads.js';

export class SqliteAreaReadRepository implements AreaReadRepository {
  private readonly pointer: Statement<[number, string], { last_read_id: number }>;
  private readonly upsert: Statement<[number, string, number]>;
  private readonly unreadInArea: Statement<[number, string], { n: number }>;
  private readonly unreadAll: Statement<[number], UnreadRow>;

  constructor(db: Database) {
    this.pointer = db.prepare('SELECT last_read_id FROM area_reads WHERE user_id = ? AND area = ?');
    // max(): two sessions of one user may finish reading out of order; the
    // pointer only ever moves forward.
    this.upsert = db.prepare(`
      INSERT INTO area_reads (user_id, area, last_read_id) VALUES (?, ?, ?)
      ON CONFLICT (user_id, area) DO UPDATE SET last_read_id = max(last_read_id, excluded.last_read_id)`);
    this.unreadInArea = db.prepare(unreadInAreaSql('?', '?'));
    this.unreadAll = db.prepare(unreadAllSql('?'));
  }

  lastRead(userId: number, area: string): Promise<number> {
    return asPromise(() => this.pointer.get(userId, area)?.last_read_id ?? 0);
  }

  markRead(userId: number, area: string, upToId: number): Promise<void> {
    return asPromise(() => {
      this.upsert.run(userId, area, upToId);
    });
  }

  unreadCount(userId: number, area: string): Promise<number> {
    return asPromise(() => this.unreadInArea.get(userId, area)?.n ?? 0);
  }

  unreadCounts(userId: number): Promise<AreaUnread[]> {
    return asPromise(() => this.unreadAll.all(userId).map(toAreaUnread));
  }
}
