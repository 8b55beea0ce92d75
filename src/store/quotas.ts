import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { QuotaRepository, WindowUse } from './types/quotas.js';
import { agingOffset, windowUseOf } from './window-use.js';

type Counter = { count: Statement<[string | number, number], { n: number }>; nth: Statement<[string | number, number, number], { at: number }> };

/** A count over (who, created_at) and the time of one row by age, for one table's index. */
function counter(db: Database, table: string, who: string): Counter {
  return {
    count: db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${who} = ? AND created_at >= ?`),
    nth: db.prepare(`SELECT created_at AS at FROM ${table} WHERE ${who} = ? AND created_at >= ? ORDER BY created_at LIMIT 1 OFFSET ?`),
  };
}

/** Counts from the indexes the quotas migration made; nothing is kept beside the rows. */
export class SqliteQuotaRepository implements QuotaRepository {
  private readonly signups: Counter;
  private readonly posts: Counter;
  private readonly mail: Counter;
  private readonly bytes: Statement<[number, number], { n: number }>;

  constructor(db: Database) {
    this.signups = counter(db, 'users', 'created_from');
    this.posts = counter(db, 'public_messages', 'author_id');
    this.mail = counter(db, 'private_messages', 'sender_id');
    // length() of a BLOB is its bytes; of TEXT it would be characters.
    const size = "length(CAST(body AS BLOB)) + length(CAST(coalesce(subject, '') AS BLOB))";
    this.bytes = db.prepare(`SELECT
      coalesce((SELECT sum(${size}) FROM public_messages WHERE author_id = ?), 0) +
      coalesce((SELECT sum(${size}) FROM private_messages WHERE sender_id = ?), 0) AS n`);
  }

  signupsFrom(address: string, since: Date, limit: number): Promise<WindowUse> {
    return asPromise(() => use(this.signups, address, since, limit));
  }

  postsBy(userId: number, since: Date, limit: number): Promise<WindowUse> {
    return asPromise(() => use(this.posts, userId, since, limit));
  }

  mailBy(userId: number, since: Date, limit: number): Promise<WindowUse> {
    return asPromise(() => use(this.mail, userId, since, limit));
  }

  bytesWritten(userId: number): Promise<number> {
    return asPromise(() => this.bytes.get(userId, userId)?.n ?? 0);
  }
}

function use(c: Counter, who: string | number, since: Date, limit: number): WindowUse {
  const count = c.count.get(who, since.getTime())?.n ?? 0;
  if (count < limit) return windowUseOf(count, limit, since, null);
  return windowUseOf(count, limit, since, c.nth.get(who, since.getTime(), agingOffset(count, limit))?.at);
}
