import type { DoorTimeRepository } from '../types/door-time.js';
import type { PgDatabase } from './pg-database.js';

/** One row per stretch in a door: a day's total is a range sum, exact on every host. */
export class PgDoorTimeRepository implements DoorTimeRepository {
  constructor(private readonly db: PgDatabase) {}

  async secondsSince(userId: number, door: string, since: Date): Promise<number> {
    const row = await this.db.one<{ s: number | null }>('SELECT sum(seconds) AS s FROM door_time WHERE user_id = $1 AND door = $2 AND ended_at >= $3', [
      userId,
      door,
      since.getTime(),
    ]);
    return row?.s ?? 0;
  }

  async add(userId: number, door: string, seconds: number, at: Date): Promise<void> {
    if (seconds > 0) await this.db.run('INSERT INTO door_time (user_id, door, seconds, ended_at) VALUES ($1, $2, $3, $4)', [userId, door, Math.round(seconds), at.getTime()]);
  }
}
