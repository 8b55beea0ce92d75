import type { AreaUnread } from './types/area-reads.js';

/** The unread queries both engines share; placeholders are passed in (`?` or `$1`). */

export interface UnreadRow {
  area: string;
  unread: number;
  total: number;
  last_read_id: number;
}

// Unread is exact but cheap in the common cases: never read (the area's
// total), read up to the newest (none); otherwise an index range count over
// just the unread part.
const UNREAD = `CASE
        WHEN coalesce(r.last_read_id, 0) = 0 THEN s.messages
        WHEN r.last_read_id >= s.last_id THEN 0
        ELSE (SELECT count(*) FROM public_messages m WHERE m.area = s.area AND m.id > r.last_read_id)
      END`;

/** One user's unread count in one area: `n`, or no row for an area without messages. */
export function unreadInAreaSql(user: string, area: string): string {
  return `
      SELECT ${UNREAD} AS n
      FROM area_stats s LEFT JOIN area_reads r ON r.user_id = ${user} AND r.area = s.area
      WHERE s.area = ${area}`;
}

/** One user's unread count in every area holding messages, by name. */
export function unreadAllSql(user: string): string {
  return `
      SELECT s.area, ${UNREAD} AS unread, s.messages AS total, coalesce(r.last_read_id, 0) AS last_read_id
      FROM area_stats s LEFT JOIN area_reads r ON r.user_id = ${user} AND r.area = s.area
      ORDER BY s.area`;
}

export function toAreaUnread(row: UnreadRow): AreaUnread {
  return { area: row.area, unread: row.unread, total: row.total, lastReadId: row.last_read_id };
}
