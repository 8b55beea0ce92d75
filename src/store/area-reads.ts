import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { AreaReadRepository, AreaUnread } from './types/area-reads.js';

interface UnreadRow {
  area: string;
  unread: number;
  total: number;
  last_read_id: number;
}

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
    // Unread is exact but cheap in the common cases: never read (the
    // area's total), read up to the newest (none); otherwise an index range
    // count over just the unread part.
    const unread = `CASE
        WHEN coalesce(r.last_read_id, 0) = 0 THEN s.messages
        WHEN r.last_read_id >= s.last_id THEN 0
        ELSE (SELECT count(*) FROM public_messages m WHERE m.area = s.area AND m.id > r.last_read_id)
      END`;
    this.unreadInArea = db.prepare(`
      SELECT ${unread} AS n
      FROM area_stats s LEFT JOIN area_reads r ON r.user_id = ? AND r.area = s.area
      WHERE s.area = ?`);
    this.unreadAll = db.prepare(`
      SELECT s.area, ${unread} AS unread, s.messages AS total, coalesce(r.last_read_id, 0) AS last_read_id
      FROM area_stats s LEFT JOIN area_reads r ON r.user_id = ? AND r.area = s.area
      ORDER BY s.area`);
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
    return asPromise(() =>
      this.unreadAll.all(userId).map(
        (row): AreaUnread => ({ area: row.area, unread: row.unread, total: row.total, lastReadId: row.last_read_id }),
      ),
    );
  }
}
