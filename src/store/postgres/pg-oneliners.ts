import { ONELINER_SELECT as SELECT, toOneliner, type OnelinerRow } from '../oneliner-rows.js';
import type { Oneliner, OnelinerRepository } from '../types/oneliners.js';
import type { PgDatabase } from './pg-database.js';

/** The new oneliner with its author's name, in the statement that inserts it. */
const ADD = `
  WITH o AS (INSERT INTO oneliners (user_id, created_at, text) VALUES ($1, $2, $3) RETURNING id, user_id, created_at, text)
  SELECT o.id, o.user_id, u.name AS user_name, o.created_at, o.text FROM o JOIN users u ON u.id = o.user_id`;

export class PgOnelinerRepository implements OnelinerRepository {
  constructor(private readonly db: PgDatabase) {}

  async add(userId: number, text: string, at: Date): Promise<Oneliner> {
    const row = await this.db.one<OnelinerRow>(ADD, [userId, at.getTime(), text]);
    if (!row) throw new Error('oneliner insert returned no row');
    return toOneliner(row);
  }

  async listNewestFirst(limit: number): Promise<Oneliner[]> {
    return (await this.db.rows<OnelinerRow>(`${SELECT} ORDER BY o.id DESC LIMIT $1`, [limit])).map(toOneliner);
  }

  async countByUserSince(userId: number, since: Date): Promise<number> {
    const row = await this.db.one<{ n: number }>('SELECT count(*) AS n FROM oneliners WHERE user_id = $1 AND created_at >= $2', [userId, since.getTime()]);
    return row?.n ?? 0;
  }
}
