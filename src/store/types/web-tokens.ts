/**
 * Tokens of the web reader that must be refused once spent, on every host:
 * a one-time login link after its first use, a session after its logout.
 * The tokens themselves are signed (src/web/), so the store keeps only the
 * spent ones' ids, and only until the token would have expired anyway.
 */
export interface WebTokenRepository {
  /**
   * Marks `tokenId` spent until `expiresAt`; true only for the first call
   * with that id, on whichever host it came, so a link works once.
   * Rows of tokens already expired are cleared on the way.
   */
  spend(tokenId: string, expiresAt: Date, now: Date): Promise<boolean>;
  /** Whether `tokenId` was spent. */
  isSpent(tokenId: string): Promise<boolean>;
}
