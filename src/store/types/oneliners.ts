/** The oneliners wall. */

export interface Oneliner {
  id: number;
  userId: number;
  userName: string;
  createdAt: Date;
  text: string;
}

export interface OnelinerRepository {
  add(userId: number, text: string, at: Date): Promise<Oneliner>;
  listNewestFirst(limit: number): Promise<Oneliner[]>;
  /** For a daily cap: pass the start of today in the board's time zone. */
  countByUserSince(userId: number, since: Date): Promise<number>;
}
