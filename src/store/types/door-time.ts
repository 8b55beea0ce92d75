/** Minutes spent in each door, per account and day, for the doors' daily limits. */

export interface DoorTimeRepository {
  /** Seconds this account has spent in this door since `since` (the start of its day). */
  secondsSince(userId: number, door: string, since: Date): Promise<number>;
  /** Record a stretch in a door that ended at `at`. */
  add(userId: number, door: string, seconds: number, at: Date): Promise<void>;
}
