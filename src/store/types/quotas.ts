/** Quotas counted from the rows an account or address wrote. */

/** Rows in a window: how many, and the time of the one whose ageing out leaves room under a limit. */
export interface WindowUse {
  count: number;
  /** Null while count is under the limit. */
  roomAfter: Date | null;
}

/**
 * What an account or address has written, counted from the rows themselves:
 * exact on every node and across restarts, where a counter in memory is not.
 */
export interface QuotaRepository {
  /** Accounts registered from `address` at or after `since`, measured against `limit`. */
  signupsFrom(address: string, since: Date, limit: number): Promise<WindowUse>;
  /** Public messages the user posted at or after `since`. */
  postsBy(userId: number, since: Date, limit: number): Promise<WindowUse>;
  /** Private messages the user sent at or after `since`. */
  mailBy(userId: number, since: Date, limit: number): Promise<WindowUse>;
  /** UTF-8 bytes of every subject and body the user wrote, public and private. */
  bytesWritten(userId: number): Promise<number>;
}
