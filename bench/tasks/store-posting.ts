import { openBoardStore } from '../../src/store/board-store.js';
import type { TaskContext } from './index.js';

export interface StorePostingParams {
  /** The running board's data folder: this process opens its database beside it, as a second node would. */
  data: string;
  /** The board's PostgreSQL URL, when it keeps its data there. */
  database?: string;
  /** Account names to post as. */
  authors: string[];
  durationMs: number;
}

/**
 * Posters that use the board's own message store (the code the post flow
 * calls, group commit included) from a process of their own, on the board's
 * database, as fast as it takes them: the store's posting rate while the
 * board serves its readers.
 */
export async function storePosting(p: StorePostingParams, ctx: TaskContext): Promise<{ posts: number; postMs: number[]; errors: string[] }> {
  const store = await openBoardStore({ data: p.data, database: p.database ?? null });
  const errors: string[] = [];
  let posts = 0;
  const postMs: number[] = [];
  try {
    const authors = await Promise.all(
      p.authors.map(async (name) => {
        const user = await store.users.findByName(name);
        if (!user) throw new Error(`no account ${name}`);
        return user.id;
      }),
    );
    ctx.ready({ posters: authors.length });
    await ctx.go();
    const end = performance.now() + p.durationMs;
    await Promise.all(
      authors.map(async (authorId, n) => {
        try {
          for (let i = 0; performance.now() < end; i++) {
            const started = performance.now();
            await store.publicMessages.postMessage({ authorId, body: `bench message ${n}-${i}`, at: new Date(), area: 'general' });
            postMs.push(performance.now() - started);
            posts++;
          }
        } catch (err) {
          if (errors.length < 5) errors.push((err as Error).message.slice(0, 200));
        }
      }),
    );
  } finally {
    await store.close();
  }
  return { posts, postMs, errors };
}
