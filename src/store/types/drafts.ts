/** A message a caller was writing when their line dropped, kept for their next call. */
import type { Draft } from '../../session/draft.js';

export interface DraftRepository {
  /** Keep the account's unfinished message (one per account: a newer one replaces it). */
  keep(userId: number, draft: Draft, at: Date): Promise<void>;
  /** The account's kept message, taken out of the store; null when there is none. */
  take(userId: number): Promise<Draft | null>;
}
