import {
  AREA_ROWS_SQL,
  MESSAGE_TOTAL_SQL,
  NO_UPPER_BOUND,
  PUBLIC_MESSAGE_SELECT as SELECT,
  noParentError,
  otherAreaError,
  threadSql,
  toAreaSummary,
  toPublicMessage,
  toTopicSummary,
  topicsSql,
  type AreaRow,
  type PublicMessageRow,
  type TopicRow,
} from '../public-message-rows.js';
import {
  DEFAULT_AREA,
  type AreaSummary,
  type NewPublicMessage,
  type PublicMessage,
  type PublicMessageRepository,
  type TopicSummary,
} from '../types/public-messages.js';
import type { PgDatabase } from './pg-database.js';

/** The first key of the advisory locks posting takes, one per area (the second key is the area's hash). */
const POST_LOCK = 0x706f7374;

/**
 * One post is one statement, committed on its own before `postMessage`
 * resolves. SQLite gathers the posts of a round of input into one
 * transaction because it has one writer and every commit is a WAL append of
 * its own; PostgreSQL commits many connections' transactions at once by
 * itself (the WAL writer flushes every commit waiting on it together), so
 * gathering posts here would only hold one connection longer and make a
 * post wait for others. What is worth a lock is the order of ids: a post
 * takes its area's advisory lock BEFORE its id is drawn, so within an area
 * ids are committed in order. Without it a post could draw id 10, another
 * id 11 and commit first, and a reader marking 11 read would never be shown
 * 10. The lock costs no throughput: the area's `area_stats` row, which the
 * trigger updates, serialises an area's posts until their commit anyway.
 *
 * $1 author, $2 time, $3 body, $4 area asked for (null: none), $5 subject,
 * $6 parent (null: none), $7 the default area. No row back: the parent is
 * missing or lies in another area than the one asked for.
 */
const POST = `
  WITH target AS (
    SELECT CASE WHEN $6::bigint IS NULL THEN coalesce($4::text, $7::text)
                ELSE (SELECT area FROM public_messages WHERE id = $6::bigint) END AS area
  ),
  locked AS (
    SELECT area, pg_advisory_xact_lock(${POST_LOCK}, hashtext(area)) FROM target
    WHERE area IS NOT NULL AND ($4::text IS NULL OR area = $4::text)
  ),
  inserted AS (
    INSERT INTO public_messages (author_id, created_at, body, area, subject, parent_id)
    SELECT $1::bigint, $2::bigint, $3::text, area, $5::text, $6::bigint FROM locked
    RETURNING id, author_id, created_at, body, area, subject, parent_id
  )
  SELECT i.id, i.author_id, u.name AS author_name, i.created_at, i.body, i.area, i.subject, i.parent_id
  FROM inserted i JOIN users u ON u.id = i.author_id`;

export class PgPublicMessageRepository implements PublicMessageRepository {
  constructor(private readonly db: PgDatabase) {}

  post(authorId: number, body: string, at: Date): Promise<PublicMessage> {
    return this.postMessage({ authorId, body, at });
  }

  async postMessage(message: NewPublicMessage): Promise<PublicMessage> {
    const parentId = message.parentId ?? null;
    const asked = message.area ?? null;
    const row = await this.db.one<PublicMessageRow>(POST, [
      message.authorId,
      message.at.getTime(),
      message.body,
      asked,
      message.subject ?? null,
      parentId,
      DEFAULT_AREA,
    ]);
    if (row) return toPublicMessage(row);
    if (parentId === null) throw new Error('public message insert returned no row');
    // Only a reply can come back empty: say which of its two checks failed.
    const parent = await this.db.one<{ area: string }>('SELECT area FROM public_messages WHERE id = $1', [parentId]);
    if (!parent) throw noParentError(parentId);
    throw otherAreaError(parent.area, asked ?? parent.area);
  }

  async findById(id: number): Promise<PublicMessage | null> {
    const row = await this.db.one<PublicMessageRow>(`${SELECT} WHERE m.id = $1`, [id]);
    return row ? toPublicMessage(row) : null;
  }

  async listNewestFirst(limit: number, beforeId: number = NO_UPPER_BOUND): Promise<PublicMessage[]> {
    const rows = await this.db.rows<PublicMessageRow>(`${SELECT} WHERE m.id < $1 ORDER BY m.id DESC LIMIT $2`, [beforeId, limit]);
    return rows.map(toPublicMessage);
  }

  async listInArea(area: string, limit: number, afterId = 0): Promise<PublicMessage[]> {
    const rows = await this.db.rows<PublicMessageRow>(`${SELECT} WHERE m.area = $1 AND m.id > $2 ORDER BY m.id LIMIT $3`, [area, afterId, limit]);
    return rows.map(toPublicMessage);
  }

  async listInAreaNewestFirst(area: string, limit: number, beforeId: number = NO_UPPER_BOUND): Promise<PublicMessage[]> {
    const rows = await this.db.rows<PublicMessageRow>(`${SELECT} WHERE m.area = $1 AND m.id < $2 ORDER BY m.id DESC LIMIT $3`, [area, beforeId, limit]);
    return rows.map(toPublicMessage);
  }

  async thread(messageId: number): Promise<PublicMessage[]> {
    return (await this.db.rows<PublicMessageRow>(threadSql('$1'), [messageId])).map(toPublicMessage);
  }

  async areas(): Promise<AreaSummary[]> {
    return (await this.db.rows<AreaRow>(AREA_ROWS_SQL)).map(toAreaSummary);
  }

  async topics(area: string, limit: number): Promise<TopicSummary[]> {
    return (await this.db.rows<TopicRow>(topicsSql('$1', '$2'), [area, limit])).map(toTopicSummary);
  }

  async count(): Promise<number> {
    return (await this.db.one<{ n: number }>(MESSAGE_TOTAL_SQL))?.n ?? 0;
  }
}
