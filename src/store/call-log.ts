import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import type { CallLogRepository, CallRecord } from './types.js';

interface CallRow {
  id: number;
  user_id: number | null;
  user_name: string | null;
  transport: string;
  remote: string;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
}

function toRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    transport: row.transport,
    remote: row.remote,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    outcome: row.outcome,
  };
}

export class SqliteCallLogRepository implements CallLogRepository {
  private readonly insert: Statement<[string, string, number], { id: number }>;
  private readonly updateUser: Statement<[number, number]>;
  private readonly updateEnd: Statement<[number, string, number]>;
  private readonly newest: Statement<[number], CallRow>;
  private readonly total: Statement<[], { n: number }>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO call_log (transport, remote, started_at) VALUES (?, ?, ?) RETURNING id');
    this.updateUser = db.prepare('UPDATE call_log SET user_id = ? WHERE id = ?');
    // First end wins: a late duplicate (hangup after exit) must not rewrite the outcome.
    this.updateEnd = db.prepare('UPDATE call_log SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL');
    this.newest = db.prepare(`
      SELECT c.id, c.user_id, u.name AS user_name, c.transport, c.remote, c.started_at, c.ended_at, c.outcome
      FROM call_log c LEFT JOIN users u ON u.id = c.user_id
      ORDER BY c.id DESC LIMIT ?`);
    this.total = db.prepare('SELECT count(*) AS n FROM call_log');
  }

  start(call: { transport: string; remote: string; at: Date }): Promise<number> {
    return asPromise(() => {
      const row = this.insert.get(call.transport, call.remote, call.at.getTime());
      if (!row) throw new Error('call insert returned no row');
      return row.id;
    });
  }

  setUser(callId: number, userId: number): Promise<void> {
    return asPromise(() => {
      this.updateUser.run(userId, callId);
    });
  }

  end(callId: number, outcome: string, at: Date): Promise<void> {
    return asPromise(() => {
      this.updateEnd.run(at.getTime(), outcome, callId);
    });
  }

  recent(limit: number): Promise<CallRecord[]> {
    return asPromise(() => this.newest.all(limit).map(toRecord));
  }

  count(): Promise<number> {
    return asPromise(() => this.total.get()?.n ?? 0);
  }
}
