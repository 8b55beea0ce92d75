/** Each account's last-read pointer per area. */

export interface AreaUnread {
  area: string;
  /** Messages newer than the user's last-read pointer. */
  unread: number;
  total: number;
  lastReadId: number;
}

/** Per-user, per-area last-read pointers. */
export interface AreaReadRepository {
  /** 0 when the user never read the area. */
  lastRead(userId: number, area: string): Promise<number>;
  /** Moves the pointer forward to `upToId`; never moves it back. */
  markRead(userId: number, area: string, upToId: number): Promise<void>;
  unreadCount(userId: number, area: string): Promise<number>;
  /** Every area holding messages, by name, with the user's unread count. */
  unreadCounts(userId: number): Promise<AreaUnread[]>;
}
