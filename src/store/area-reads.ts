import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { AreaReadRepository, AreaUnread } from './types.js';

interface UnreadRow {
  area: string;
  unread: number;
  total: number;
  last_read_id: number;
}

export class SqliteAreaReadRepository implements AreaReadRepository {
  private readonly pointer: Statement<[number, string], { last_read_id: number }>;
  private readonly upsert: Statement<[number, string, number]>;
  private readonly unreadInArea: Statement<[string, number, string], { n: number }>;
  private readonly unreadAll: Statement<[number], UnreadRow>;

  constructor(db: Database) {
    this.pointer = db.prepare('SELECT last_read_id FROM area_reads WHERE user_id = ? AND area = ?');
    // max(): two sessions of one user may finish reading out of order; the
    // pointer only ever moves forward.
    this.upsert = db.prepare(`
      INSERT INTO area_reads (user_id, area, last_read_id) VALUES (?, ?, ?)
      ON CONFLICT (user_id, area) DO UPDATE SET last_read_id = max(last_read_id, excluded.last_read_id)`);
    this.unreadInArea = db.prepare(`
      SELECT count(*) AS n FROM public_messages
      WHERE area = ? AND id > coalesce((SELECT last_read_id FROM area_reads WHERE user_id = ? AND area = ?), 0)`);
    this.unreadAll = db.prepare(`
      SELECT m.area,
             sum(m.id > coalesce(r.last_read_id, 0)) AS unread,
             count(*) AS total,
             coalesce(r.last_read_id, 0) AS last_read_id
      FROM public_messages m
      LEFT JOIN area_reads r ON r.user_id = ? AND r.area = m.area
      GROUP BY m.area ORDER BY m.area`);
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
    return asPromise(() => this.unreadInArea.get(area, userId, area)?.n ?? 0);
  }

  unreadCounts(userId: number): Promise<AreaUnread[]> {
    return asPromise(() =>
      this.unreadAll.all(userId).map(
        (row): AreaUnread => ({ area: row.area, unread: row.unread, total: row.total, lastReadId: row.last_read_id }),
      ),
    );
  }
}
