import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { GroupCommit } from './group-commit.js';
import {
  DEFAULT_AREA,
  type AreaSummary,
  type NewPublicMessage,
  type PublicMessage,
  type PublicMessageRepository,
  type TopicSummary,
} from './types/public-messages.js';

interface PublicMessageRow {
  id: number;
  author_id: number;
  author_name: string;
  created_at: number;
  body: string;
  area: string;
  subject: string | null;
  parent_id: number | null;
}

interface TopicRow extends PublicMessageRow {
  replies: number;
  thread_last_id: number;
  thread_last_at: number;
}

interface AreaRow {
  area: string;
  count: number;
  last_id: number;
  last_at: number;
}

const SELECT = `
  SELECT m.id, m.author_id, u.name AS author_name, m.created_at, m.body, m.area, m.subject, m.parent_id
  FROM public_messages m JOIN users u ON u.id = m.author_id`;

// Any id is below this; the default for "page backwards from the newest".
const NO_UPPER_BOUND = Number.MAX_SAFE_INTEGER;

function toMessage(row: PublicMessageRow): PublicMessage {
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

export class SqlitePublicMessageRepository implements PublicMessageRepository {
  private readonly insert: Statement<[number, number, string, string, string | null, number | null], { id: number }>;
  private readonly byId: Statement<[number], PublicMessageRow>;
  private readonly newest: Statement<[number, number], PublicMessageRow>;
  private readonly total: Statement<[], { n: number }>;
  private readonly areaForward: Statement<[string, number, number], PublicMessageRow>;
  private readonly areaBackward: Statement<[string, number, number], PublicMessageRow>;
  private readonly threadRows: Statement<[number], PublicMessageRow>;
  private readonly areaRows: Statement<[], AreaRow>;
  private readonly topicRows: Statement<[string, number], TopicRow>;
  private readonly posts: GroupCommit<NewPublicMessage, PublicMessageRow>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO public_messages (author_id, created_at, body, area, subject, parent_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.byId = db.prepare(`${SELECT} WHERE m.id = ?`);
    this.newest = db.prepare(`${SELECT} WHERE m.id < ? ORDER BY m.id DESC LIMIT ?`);
    this.total = db.prepare('SELECT coalesce(sum(messages), 0) AS n FROM area_stats');
    this.areaForward = db.prepare(`${SELECT} WHERE m.area = ? AND m.id > ? ORDER BY m.id LIMIT ?`);
    this.areaBackward = db.prepare(`${SELECT} WHERE m.area = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`);
    // Climb to the root, then collect everything below it. UNION (not UNION
    // ALL) ends the walk even if rows were ever edited into a cycle.
    this.threadRows = db.prepare(`
      WITH RECURSIVE
        up(id, parent_id) AS (
          SELECT id, parent_id FROM public_messages WHERE id = ?
          UNION SELECT p.id, p.parent_id FROM public_messages p JOIN up ON p.id = up.parent_id
        ),
        down(id) AS (
          SELECT id FROM up WHERE parent_id IS NULL
          UNION SELECT c.id FROM public_messages c JOIN down ON c.parent_id = down.id
        )
      ${SELECT} WHERE m.id IN (SELECT id FROM down) ORDER BY m.id`);
    this.areaRows = db.prepare('SELECT area, messages AS count, last_id, last_at FROM area_stats ORDER BY area');
    // Every message of the area under its thread's root. UNION ALL cannot
    // loop: a message reached from a root has a parent chain ending there.
    this.topicRows = db.prepare(`
      WITH RECURSIVE tree(root, id) AS (
        SELECT id, id FROM public_messages WHERE area = ? AND parent_id IS NULL
        UNION ALL SELECT tree.root, c.id FROM public_messages c JOIN tree ON c.parent_id = tree.id
      ),
      threads AS (
        SELECT tree.root, count(*) - 1 AS replies, max(tree.id) AS thread_last_id, max(p.created_at) AS thread_last_at
        FROM tree JOIN public_messages p ON p.id = tree.id GROUP BY tree.root
      )
      SELECT m.id, m.author_id, u.name AS author_name, m.created_at, m.body, m.area, m.subject, m.parent_id,
             t.replies, t.thread_last_id, t.thread_last_at
      FROM threads t JOIN public_messages m ON m.id = t.root JOIN users u ON u.id = m.author_id
      ORDER BY t.thread_last_id DESC LIMIT ?`);
    // The parent check and the insert see the same database: both run inside one transaction.
    this.posts = new GroupCommit(db, (message: NewPublicMessage) => {
      const parentId = message.parentId ?? null;
      let area = message.area ?? DEFAULT_AREA;
      if (parentId !== null) {
        const parent = this.byId.get(parentId);
        if (!parent) throw new Error(`no public message ${parentId} to reply to`);
        if (message.area !== undefined && message.area !== parent.area) {
          throw new Error(`a reply stays in its parent's area (${parent.area}), not ${message.area}`);
        }
        area = parent.area;
      }
      const inserted = this.insert.get(message.authorId, message.at.getTime(), message.body, area, message.subject ?? null, parentId);
      const row = inserted && this.byId.get(inserted.id);
      if (!row) throw new Error('public message insert returned no row');
      return row;
    });
  }

  post(authorId: number, body: string, at: Date): Promise<PublicMessage> {
    return this.postMessage({ authorId, body, at });
  }

  async postMessage(message: NewPublicMessage): Promise<PublicMessage> {
    return toMessage(await this.posts.submit(message));
  }

  /** Commit posts still waiting for the end of this round of input. */
  flush(): void {
    this.posts.flush();
  }

  findById(id: number): Promise<PublicMessage | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toMessage(row) : null;
    });
  }

  listNewestFirst(limit: number, beforeId: number = NO_UPPER_BOUND): Promise<PublicMessage[]> {
    return asPromise(() => this.newest.all(beforeId, limit).map(toMessage));
  }

  listInArea(area: string, limit: number, afterId = 0): Promise<PublicMessage[]> {
    return asPromise(() => this.areaForward.all(area, afterId, limit).map(toMessage));
  }

  listInAreaNewestFirst(area: string, limit: number, beforeId: number = NO_UPPER_BOUND): Promise<PublicMessage[]> {
    return asPromise(() => this.areaBackward.all(area, beforeId, limit).map(toMessage));
  }

  thread(messageId: number): Promise<PublicMessage[]> {
    return asPromise(() => this.threadRows.all(messageId).map(toMessage));
  }

  areas(): Promise<AreaSummary[]> {
    return asPromise(() =>
      this.areaRows.all().map((row) => ({
        area: row.area,
        count: row.count,
        lastId: row.last_id,
        lastPostedAt: new Date(row.last_at),
      })),
    );
  }

  topics(area: string, limit: number): Promise<TopicSummary[]> {
    return asPromise(() =>
      this.topicRows.all(area, limit).map((row) => ({
        root: toMessage(row),
        replies: row.replies,
        lastId: row.thread_last_id,
        lastPostedAt: new Date(row.thread_last_at),
      })),
    );
  }

  count(): Promise<number> {
    return asPromise(() => this.total.get()?.n ?? 0);
  }
}
