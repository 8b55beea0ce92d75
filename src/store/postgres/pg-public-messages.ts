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
  type MessageHit,
  type MessageSearchPage,
  type NewPublicMessage,
  type PublicMessage,
  type PublicMessageRepository,
  type TopicSummary,
} from '../types/public-messages.js';
import { PgCommitLine, type BatchOutcome } from './pg-commit-line.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { messageWords, pgSearchMessages } from './pg-message-search.js';

/** The first key of the advisory locks posting takes, one per area (the second key is the area's hash). */
const POST_LOCK = 0x706f7374;

/**
 * Posts that arrive together commit together, as on SQLite. An area's posts
 * are serialised until their commit anyway (the trigger updates the area's
 * `area_stats` row, and a post holds that row's lock until COMMIT), so one
 * post a commit would make an area's posting rate one over the time of a
 * flush to disk; a batch takes each area's lock once and flushes once for
 * all. What is worth the lock is also the order of ids: the area's advisory
 * lock is taken BEFORE any id is drawn, so within an area ids are committed
 * in order. Without it a post could draw id 10, another host's id 11 and
 * commit first, and a reader marking 11 read would never be shown 10.
 *
 * The batch is one INSERT over arrays ($1 authors, $2 times, $3 bodies,
 * $4 areas, $5 subjects, $6 parents, $7 the words searched, as
 * pg-message-search.ts cuts them), rows in the order given, so ids follow
 * the order the posts arrived in.
 */
const POST_MANY = `
  WITH inserted AS (
    INSERT INTO public_messages (author_id, created_at, body, area, subject, parent_id, words)
    SELECT a, t, b, ar, s, p, w::tsvector
    FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) WITH ORDINALITY AS x(a, t, b, ar, s, p, w, n)
    ORDER BY n
    RETURNING id, author_id, created_at, body, area, subject, parent_id
  )
  SELECT i.id, i.author_id, u.name AS author_name, i.created_at, i.body, i.area, i.subject, i.parent_id
  FROM inserted i JOIN users u ON u.id = i.author_id ORDER BY i.id`;

/** Where each post goes (its parent's area for a reply), or why it cannot go anywhere. */
function targetsOf(items: readonly NewPublicMessage[], parentAreas: ReadonlyMap<number, string>): Array<{ area: string } | { error: Error }> {
  return items.map((m) => {
    const parentId = m.parentId ?? null;
    if (parentId === null) return { area: m.area ?? DEFAULT_AREA };
    const parentArea = parentAreas.get(parentId);
    if (parentArea === undefined) return { error: noParentError(parentId) };
    if (m.area !== undefined && m.area !== parentArea) return { error: otherAreaError(parentArea, m.area) };
    return { area: parentArea };
  });
}

async function postBatch(tx: PgQueryable, items: readonly NewPublicMessage[]): Promise<Array<BatchOutcome<PublicMessage>>> {
  const parentIds = [...new Set(items.flatMap((m) => (m.parentId == null ? [] : [m.parentId])))];
  const parents = parentIds.length === 0 ? [] : await tx.rows<{ id: number; area: string }>('SELECT id, area FROM public_messages WHERE id = ANY($1::bigint[])', [parentIds]);
  const targets = targetsOf(items, new Map(parents.map((p) => [p.id, p.area])));
  const going = items.flatMap((m, i) => {
    const target = targets[i]!;
    return 'area' in target ? [{ m, area: target.area }] : [];
  });
  // One area after another in name order, so two hosts' batches never wait on each other in a circle.
  for (const area of [...new Set(going.map((g) => g.area))].sort()) await tx.run('SELECT pg_advisory_xact_lock($1, hashtext($2))', [POST_LOCK, area]);
  const rows = going.length === 0 ? [] : await tx.rows<PublicMessageRow>(POST_MANY, [
    going.map((g) => g.m.authorId),
    going.map((g) => g.m.at.getTime()),
    going.map((g) => g.m.body),
    going.map((g) => g.area),
    going.map((g) => g.m.subject ?? null),
    going.map((g) => g.m.parentId ?? null),
    going.map((g) => messageWords(g.m.subject ?? null, g.m.body)),
  ]);
  let next = 0;
  return targets.map((target) => ('error' in target ? { ok: false as const, error: target.error } : { ok: true as const, value: toPublicMessage(rows[next++]!) }));
}

export class PgPublicMessageRepository implements PublicMessageRepository {
  private readonly line: PgCommitLine<NewPublicMessage, PublicMessage>;

  constructor(private readonly db: PgDatabase) {
    this.line = new PgCommitLine((items) => this.commit(items));
  }

  post(authorId: number, body: string, at: Date): Promise<PublicMessage> {
    return this.postMessage({ authorId, body, at });
  }

  postMessage(message: NewPublicMessage): Promise<PublicMessage> {
    return this.line.submit(message);
  }

  /** A batch commits whole; if it cannot (one post names an account that is gone), each post is tried on its own, so only that one fails. */
  private async commit(items: readonly NewPublicMessage[]): Promise<Array<BatchOutcome<PublicMessage>>> {
    try {
      return await this.db.transaction((tx) => postBatch(tx, items));
    } catch (err) {
      if (items.length === 1) return [{ ok: false, error: err instanceof Error ? err : new Error(String(err)) }];
      // One after another, so the ids still follow the order the posts came in.
      const outcomes: Array<BatchOutcome<PublicMessage>> = [];
      for (const item of items) outcomes.push((await this.commit([item]))[0]!);
      return outcomes;
    }
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

  search(text: string, areas: readonly string[], page: MessageSearchPage): Promise<MessageHit[]> {
    return pgSearchMessages(this.db, text, areas, page);
  }
}
