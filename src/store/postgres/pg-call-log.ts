import { callRecordOf, NEWEST_CALLS, type CallRow } from '../call-rows.js';
import type { CallLogRepository, CallRecord } from '../types/call-log.js';
import type { PgDatabase } from './pg-database.js';

/**
 * The call log on PostgreSQL: each write is one statement, committed on its
 * own. The SQLite class gathers the writes of a few milliseconds into one
 * transaction because SQLite has one writer and a commit is a WAL append and
 * sync each; PostgreSQL commits transactions from many connections side by
 * side, and commits that wait on the WAL at the same moment share one flush,
 * so a batch here would only add a delay, lose a host's pending
 * rows if it died, and need a flush before every read. Nothing is held, so
 * there is no flush().
 */
export class PgCallLogRepository implements CallLogRepository {
  constructor(private readonly db: PgDatabase) {}

  async start(call: { transport: string; remote: string; at: Date }): Promise<number> {
    const row = await this.db.one<{ id: number }>('INSERT INTO call_log (transport, remote, started_at) VALUES ($1, $2, $3) RETURNING id', [
      call.transport,
      call.remote,
      call.at.getTime(),
    ]);
    if (!row) throw new Error('call insert returned no row');
    return row.id;
  }

  async setUser(callId: number, userId: number): Promise<void> {
    await this.db.run('UPDATE call_log SET user_id = $1 WHERE id = $2', [userId, callId]);
  }

  async end(callId: number, outcome: string, at: Date): Promise<void> {
    // First end wins: a late duplicate (hangup after exit) must not rewrite the outcome.
    await this.db.run('UPDATE call_log SET ended_at = $1, outcome = $2 WHERE id = $3 AND ended_at IS NULL', [at.getTime(), outcome, callId]);
  }

  async recent(limit: number): Promise<CallRecord[]> {
    return (await this.db.rows<CallRow>(`${NEWEST_CALLS} $1`, [limit])).map(callRecordOf);
  }

  async count(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT count(*) AS n FROM call_log'))?.n ?? 0;
  }
}
