import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { ONELINER_SELECT as SELECT, toOneliner, type OnelinerRow } from './oneliner-rows.js';
import type { Oneliner, OnelinerRepository } from './types/oneliners.js';

export class SqliteOnelinerRepository implements OnelinerRepository {
  private readonly insert: Statement<[number, number, string], { id: number }>;
  private readonly byId: Statement<[number], OnelinerRow>;
  private readonly newest: Statement<[number], OnelinerRow>;
  private readonly countSince: Statement<[number, number], { n: number }>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO oneliners (user_id, created_at, text) VALUES (?, ?, ?) RETURNING id');
    this.byId = db.prepare(`${SELECT} WHERE o.id = ?`);
    this.newest = db.prepare(`${SELECT} ORDER BY o.id DESC LIMIT ?`);
    this.countSince = db.prepare('SELECT count(*) AS n FROM oneliners WHERE user_id = ? AND created_at >= ?');
  }

  add(userId: number, text: string, at: Date): Promise<Oneliner> {
    return asPromise(() => {
      const inserted = this.insert.get(userId, at.getTime(), text);
      const row = inserted && this.byId.get(inserted.id);
      if (!row) throw new Error('oneliner insert returned no row');
      return toOneliner(row);
    });
  }

  listNewestFirst(limit: number): Promise<Oneliner[]> {
    return asPromise(() => this.newest.all(limit).map(toOneliner));
  }

  countByUserSince(userId: number, since: Date): Promise<number> {
    return asPromise(() => this.countSince.get(userId, since.getTime())?.n ?? 0);
  }
}
