import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { DoorTimeRepository } from './types/door-time.js';

/** One row per stretch in a door: a day's total is a range sum, exact on every node. */
export class SqliteDoorTimeRepository implements DoorTimeRepository {
  private readonly sum: Statement<[number, string, number], { s: number | null }>;
  private readonly insert: Statement<[number, string, number, number]>;

  constructor(db: Database) {
    this.sum = db.prepare('SELECT sum(seconds) AS s FROM door_time WHERE user_id = ? AND door = ? AND ended_at >= ?');
    this.insert = db.prepare('INSERT INTO door_time (user_id, door, seconds, ended_at) VALUES (?, ?, ?, ?)');
  }

  secondsSince(userId: number, door: string, since: Date): Promise<number> {
    return asPromise(() => this.sum.get(userId, door, since.getTime())?.s ?? 0);
  }

  add(userId: number, door: string, seconds: number, at: Date): Promise<void> {
    return asPromise(() => {
      if (seconds > 0) this.insert.run(userId, door, Math.round(seconds), at.getTime());
    });
  }
}
