import type { AreaSummary, PublicMessage, TopicSummary } from './types/public-messages.js';

/** Rows and queries of public messages that both engines share: the SQL here is plain enough for either. */

export interface PublicMessageRow {
  id: number;
  author_id: number;
  author_name: string;
  created_at: number;
  body: string;
  area: string;
  subject: string | null;
  parent_id: number | null;
}

export interface TopicRow extends PublicMessageRow {
  replies: number;
  thread_last_id: number;
  thread_last_at: number;
}

export interface AreaRow {
  area: string;
  count: number;
  last_id: number;
  last_at: number;
}

/** The columns of a PublicMessageRow, from `public_messages m` and `users u`. */
export const PUBLIC_MESSAGE_COLUMNS = 'm.id, m.author_id, u.name AS author_name, m.created_at, m.body, m.area, m.subject, m.parent_id';

export const PUBLIC_MESSAGE_SELECT = `
  SELECT ${PUBLIC_MESSAGE_COLUMNS}
  FROM public_messages m JOIN users u ON u.id = m.author_id`;

// Any id is below this; the default for "page backwards from the newest".
export const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

export const AREA_ROWS_SQL = 'SELECT area, messages AS count, last_id, last_at FROM area_stats ORDER BY area';

export const MESSAGE_TOTAL_SQL = 'SELECT coalesce(sum(messages), 0) AS n FROM area_stats';

/**
 * The whole thread of the message `id` names (a placeholder: `?` or `$1`).
 * Climb to the root, then collect everything below it. UNION (not UNION
 * ALL) ends the walk even if rows were ever edited into a cycle.
 */
export function threadSql(id: string): string {
  return `
      WITH RECURSIVE
        up(id, parent_id) AS (
          SELECT id, parent_id FROM public_messages WHERE id = ${id}
          UNION SELECT p.id, p.parent_id FROM public_messages p JOIN up ON p.id = up.parent_id
        ),
        down(id) AS (
          SELECT id FROM up WHERE parent_id IS NULL
          UNION SELECT c.id FROM public_messages c JOIN down ON c.parent_id = down.id
        )
      ${PUBLIC_MESSAGE_SELECT} WHERE m.id IN (SELECT id FROM down) ORDER BY m.id`;
}

/**
 * The threads of the area `area`, at most `limit` (placeholders), most
 * recently active first: every message of the area under its thread's root.
 * UNION ALL cannot loop: a message reached from a root has a parent chain
 * ending there.
 */
export function topicsSql(area: string, limit: string): string {
  return `
      WITH RECURSIVE tree(root, id) AS (
        SELECT id, id FROM public_messages WHERE area = ${area} AND parent_id IS NULL
        UNION ALL SELECT tree.root, c.id FROM public_messages c JOIN tree ON c.parent_id = tree.id
      ),
      threads AS (
        SELECT tree.root, count(*) - 1 AS replies, max(tree.id) AS thread_last_id, max(p.created_at) AS thread_last_at
        FROM tree JOIN public_messages p ON p.id = tree.id GROUP BY tree.root
      )
      SELECT m.id, m.author_id, u.name AS author_name, m.created_at, m.body, m.area, m.subject, m.parent_id,
             t.replies, t.thread_last_id, t.thread_last_at
      FROM threads t JOIN public_messages m ON m.id = t.root JOIN users u ON u.id = m.author_id
      ORDER BY t.thread_last_id DESC LIMIT ${limit}`;
}

export function toPublicMessage(row: PublicMessageRow): PublicMessage {
  return {
    id: row.id,
    authorId: row.author_id,
    authorName: row.author_name,
    createdAt: new Date(row.created_at),
    body: row.body,
    area: row.area,
    subject: row.subject,
    parentId: row.parent_id,
  };
}

export function toAreaSummary(row: AreaRow): AreaSummary {
  return { area: row.area, count: row.count, lastId: row.last_id, lastPostedAt: new Date(row.last_at) };
}

export function toTopicSummary(row: TopicRow): TopicSummary {
  return { root: toPublicMessage(row), replies: row.replies, lastId: row.thread_last_id, lastPostedAt: new Date(row.thread_last_at) };
}

/** A reply names a parent that is not there. */
export function noParentError(parentId: number): Error {
  return new Error(`no public message ${parentId} to reply to`);
}

/** A reply names an area other than its parent's. */
export function otherAreaError(parentArea: string, area: string): Error {
  return new Error(`a reply stays in its parent's area (${parentArea}), not ${area}`);
}
