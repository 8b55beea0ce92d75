import type { CallRecord } from './types/call-log.js';

/** A call log row as both engines return it. */
export interface CallRow {
  id: number;
  user_id: number | null;
  user_name: string | null;
  transport: string;
  remote: string;
  started_at: number;
  ended_at: number | null;
  outcome: string | null;
}

/** The newest calls with their caller's name; the limit is the statement's only parameter, written by each engine. */
export const NEWEST_CALLS = `
  SELECT c.id, c.user_id, u.name AS user_name, c.transport, c.remote, c.started_at, c.ended_at, c.outcome
  FROM call_log c LEFT JOIN users u ON u.id = c.user_id
  ORDER BY c.id DESC LIMIT`;

/** Words older boards wrote for how a call ended, read in the call log's words of today. */
const OLD_OUTCOMES: Readonly<Record<string, string>> = { quit: 'goodbye', hangup: 'line dropped', grace: 'login time', exit: 'goodbye', completed: 'goodbye' };

export function callRecordOf(row: CallRow): CallRecord {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    transport: row.transport,
    remote: row.remote,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    outcome: row.outcome === null ? null : (OLD_OUTCOMES[row.outcome] ?? row.outcome),
  };
}
