import type { QuotaRepository, WindowUse } from '../types/quotas.js';
import { agingOffset, windowUseOf } from '../window-use.js';
import type { PgDatabase } from './pg-database.js';

/** A table and the column that says who wrote its rows: the quotas migration indexed both with created_at. */
type Counted = { table: 'users' | 'public_messages' | 'private_messages'; who: 'created_from' | 'author_id' | 'sender_id' };

/** UTF-8 bytes of a message's body and subject: octet_length counts bytes, where length would count characters. */
const SIZE = "octet_length(body) + octet_length(coalesce(subject, ''))";

/** Counts from the indexes the quotas migration made; nothing is kept beside the rows. */
export class PgQuotaRepository implements QuotaRepository {
  constructor(private readonly db: PgDatabase) {}

  signupsFrom(address: string, since: Date, limit: number): Promise<WindowUse> {
    return this.use({ table: 'users', who: 'created_from' }, address, since, limit);
  }

  postsBy(userId: number, since: Date, limit: number): Promise<WindowUse> {
    return this.use({ table: 'public_messages', who: 'author_id' }, userId, since, limit);
  }

  mailBy(userId: number, since: Date, limit: number): Promise<WindowUse> {
    return this.use({ table: 'private_messages', who: 'sender_id' }, userId, since, limit);
  }

  async bytesWritten(userId: number): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT coalesce((SELECT sum(${SIZE}) FROM public_messages WHERE author_id = $1), 0) +
              coalesce((SELECT sum(${SIZE}) FROM private_messages WHERE sender_id = $1), 0) AS n`,
      [userId],
    );
    return row?.n ?? 0;
  }

  /**
   * The count, then (only when at the limit) the time of the row that must
   * age out, as the SQLite class reads them; each read is exact when made,
   * and a quota is checked again at the next write anyway.
   */
  private async use(c: Counted, who: string | number, since: Date, limit: number): Promise<WindowUse> {
    const window = `FROM ${c.table} WHERE ${c.who} = $1 AND created_at >= $2`;
    const count = (await this.db.one<{ n: number }>(`SELECT count(*) AS n ${window}`, [who, since.getTime()]))?.n ?? 0;
    if (count < limit) return windowUseOf(count, limit, since, null);
    const row = await this.db.one<{ at: number }>(`SELECT created_at AS at ${window} ORDER BY created_at LIMIT 1 OFFSET $3`, [who, since.getTime(), agingOffset(count, limit)]);
    return windowUseOf(count, limit, since, row?.at);
  }
}
