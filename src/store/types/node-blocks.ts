/**
 * Which block of node numbers each host of the board holds, kept in the
 * shared database so two hosts never number a node alike. A block is an
 * index (0, 1, 2 ...); what numbers it covers is the nodes' business
 * (src/nodes/node-block.ts), not the store's.
 */
export interface NodeBlockRepository {
  /**
   * This host's block: the one it held before (a restart keeps its numbers),
   * else the lowest block below `blocks` no host holds, taken under a lock so
   * two hosts starting at once get different ones. Null when every block is
   * held.
   */
  claim(hostId: string, blocks: number, at: Date): Promise<number | null>;
}

/** The lowest block index below `blocks` that is not in `held` (ascending or not), or null. */
export function lowestFreeBlock(held: readonly number[], blocks: number): number | null {
  const taken = new Set(held);
  for (let b = 0; b < blocks; b++) if (!taken.has(b)) return b;
  return null;
}
