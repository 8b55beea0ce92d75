/** The call log: one row per call, who it was and how it ended. */

export interface CallRecord {
  id: number;
  userId: number | null;
  userName: string | null;
  transport: string;
  remote: string;
  startedAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

export interface CallLogRepository {
  start(call: { transport: string; remote: string; at: Date }): Promise<number>;
  setUser(callId: number, userId: number): Promise<void>;
  end(callId: number, outcome: string, at: Date): Promise<void>;
  recent(limit: number): Promise<CallRecord[]>;
  count(): Promise<number>;
}
