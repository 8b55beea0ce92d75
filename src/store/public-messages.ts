import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { GroupCommit } from './group-commit.js';
import { SqliteMessageIndex, searchMessages } from './message-search.js';
import {
  AREA_ROWS_SQL,
  MESSAGE_TOTAL_SQL,
  NO_UPPER_BOUND,
  PUBLIC_MESSAGE_SELECT as SELECT,
  noParentError,
  otherAreaError,
  threadSql,
  toAreaSummary,
  toPublicMessage as toMessage,
  toTopicSummary,
  topicsSql,
  type AreaRow,
  type PublicMessageRow,
  type TopicRow,
} from './public-message-rows.js';
import {
  DEFAULT_AREA,
  type AreaSummary,
  type MessageHit,
  type MessageSearchPage,
  type NewPublicMessage,
  type PublicMessage,
  type PublicMessageRepository,
  type TopicSummary,
} from './types/public-messages.js';

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

  constructor(private readonly db: Database) {
    const index = new SqliteMessageIndex(db);
    this.insert = db.prepare(
      'INSERT INTO public_messages (author_id, created_at, body, area, subject, parent_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.byId = db.prepare(`${SELECT} WHERE m.id = ?`);
    this.newest = db.prepare(`${SELECT} WHERE m.id < ? ORDER BY m.id DESC LIMIT ?`);
    this.total = db.prepare(MESSAGE_TOTAL_SQL);
    this.areaForward = db.prepare(`${SELECT} WHERE m.area = ? AND m.id > ? ORDER BY m.id LIMIT ?`);
    this.areaBackward = db.prepare(`${SELECT} WHERE m.area = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`);
    this.threadRows = db.prepare(threadSql('?'));
    this.areaRows = db.prepare(AREA_ROWS_SQL);
    this.topicRows = db.prepare(topicsSql('?', '?'));
    // The parent check and the insert see the same database: both run inside one transaction.
    this.posts = new GroupCommit(db, (message: NewPublicMessage) => {
      const parentId = message.parentId ?? null;
      let area = message.area ?? DEFAULT_AREA;
      if (parentId !== null) {
        const parent = this.byId.get(parentId);
        if (!parent) throw noParentError(parentId);
        if (message.area !== undefined && message.area !== parent.area) {
          throw otherAreaError(parent.area, message.area);
        }
        area = parent.area;
      }
      const inserted = this.insert.get(message.authorId, message.at.getTime(), message.body, area, message.subject ?? null, parentId);
      const row = inserted && this.byId.get(inserted.id);
      if (!row) throw new Error('public message insert returned no row');
      // In the post's own transaction: the message and its words commit together.
      index.add(row.id, row.subject, row.body);
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
    return asPromise(() => this.areaRows.all().map(toAreaSummary));
  }

  topics(area: string, limit: number): Promise<TopicSummary[]> {
    return asPromise(() => this.topicRows.all(area, limit).map(toTopicSummary));
  }

  count(): Promise<number> {
    return asPromise(() => this.total.get()?.n ?? 0);
  }

  search(text: string, areas: readonly string[], page: MessageSearchPage): Promise<MessageHit[]> {
    return asPromise(() => searchMessages(this.db, text, areas, page));
  }
}
