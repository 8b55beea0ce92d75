import type { Database, Statement } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { callRecordOf, NEWEST_CALLS, type CallRow } from './call-rows.js';
import { GroupCommit } from './group-commit.js';
import type { CallLogRepository, CallRecord } from './types/call-log.js';

type CallWrite =
  | { kind: 'start'; transport: string; remote: string; at: number }
  | { kind: 'user'; callId: number; userId: number }
  | { kind: 'end'; callId: number; outcome: string; at: number };

/**
 * A caller turned away by the busy signal never holds a line, so no conversation logs
 * the call: it is one row that starts and ends at once, ended `busy`. The sysop sees
 * how often the board was full, at the same cost per connection as any call.
 */
export async function logBusyCall(calls: CallLogRepository, caller: { transport: string; remote: string }, at: Date): Promise<void> {
  const id = await calls.start({ transport: caller.transport, remote: caller.remote, at });
  await calls.end(id, 'busy', at);
}

/** How long a call record waits for others to share its commit. */
const CALL_LOG_WINDOW_MS = 25;

export class SqliteCallLogRepository implements CallLogRepository {
  private readonly insert: Statement<[string, string, number], { id: number }>;
  private readonly updateUser: Statement<[number, number]>;
  private readonly updateEnd: Statement<[number, string, number]>;
  private readonly newest: Statement<[number], CallRow>;
  private readonly total: Statement<[], { n: number }>;
  /**
   * Every call writes a row when it is placed and again when it ends; nobody
   * waits on those rows, so the calls placed or ended within a few
   * milliseconds share one commit (at 500 calls a second, a dozen do).
   */
  private readonly writes: GroupCommit<CallWrite, number>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO call_log (transport, remote, started_at) VALUES (?, ?, ?) RETURNING id');
    this.updateUser = db.prepare('UPDATE call_log SET user_id = ? WHERE id = ?');
    // First end wins: a late duplicate (hangup after exit) must not rewrite the outcome.
    this.updateEnd = db.prepare('UPDATE call_log SET ended_at = ?, outcome = ? WHERE id = ? AND ended_at IS NULL');
    this.newest = db.prepare(`${NEWEST_CALLS} ?`);
    this.total = db.prepare('SELECT count(*) AS n FROM call_log');
    this.writes = new GroupCommit(db, (w: CallWrite): number => {
      switch (w.kind) {
        case 'start': {
          const row = this.insert.get(w.transport, w.remote, w.at);
          if (!row) throw new Error('call insert returned no row');
          return row.id;
        }
        case 'user':
          this.updateUser.run(w.userId, w.callId);
          return w.callId;
        case 'end':
          this.updateEnd.run(w.at, w.outcome, w.callId);
          return w.callId;
      }
    }, CALL_LOG_WINDOW_MS);
  }

  start(call: { transport: string; remote: string; at: Date }): Promise<number> {
    return this.writes.submit({ kind: 'start', transport: call.transport, remote: call.remote, at: call.at.getTime() });
  }

  async setUser(callId: number, userId: number): Promise<void> {
    await this.writes.submit({ kind: 'user', callId, userId });
  }

  async end(callId: number, outcome: string, at: Date): Promise<void> {
    await this.writes.submit({ kind: 'end', callId, outcome, at: at.getTime() });
  }

  /** Commit call records still waiting for the end of this round of input. */
  flush(): void {
    this.writes.flush();
  }

  recent(limit: number): Promise<CallRecord[]> {
    // What this process has written is in what it reads, window or not.
    this.writes.flush();
    return asPromise(() => this.newest.all(limit).map(callRecordOf));
  }

  count(): Promise<number> {
    this.writes.flush();
    return asPromise(() => this.total.get()?.n ?? 0);
  }
}
