import { unreadAllSql, unreadInAreaSql, toAreaUnread, type UnreadRow } from '../area-read-sql.js';
import type { AreaReadRepository, AreaUnread } from '../types/area-reads.js';
import type { PgDatabase } from './pg-database.js';

export class PgAreaReadRepository implements AreaReadRepository {
  constructor(private readonly db: PgDatabase) {}

  async lastRead(userId: number, area: string): Promise<number> {
    const row = await this.db.one<{ last_read_id: number }>('SELECT last_read_id FROM area_reads WHERE user_id = $1 AND area = $2', [userId, area]);
    return row?.last_read_id ?? 0;
  }

  async markRead(userId: number, area: string, upToId: number): Promise<void> {
    // GREATEST in the upsert, not a read then a write: two hosts serving one
    // user may finish reading out of order, and the row lock the upsert
    // takes makes the later one compare against the earlier one's pointer.
    await this.db.run(
      `INSERT INTO area_reads (user_id, area, last_read_id) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, area) DO UPDATE SET last_read_id = GREATEST(area_reads.last_read_id, excluded.last_read_id)`,
      [userId, area, upToId],
    );
  }

  async unreadCount(userId: number, area: string): Promise<number> {
    return (await this.db.one<{ n: number }>(unreadInAreaSql('$1', '$2'), [userId, area]))?.n ?? 0;
  }

  async unreadCounts(userId: number): Promise<AreaUnread[]> {
    return (await this.db.rows<UnreadRow>(unreadAllSql('$1'), [userId])).map(toAreaUnread);
  }
}
