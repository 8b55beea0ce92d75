import { lowestFreeBlock, type NodeBlockRepository } from '../types/node-blocks.js';
import type { PgDatabase } from './pg-database.js';

/** Node-number blocks in PostgreSQL, shared by every host of the board. */
export class PgNodeBlockRepository implements NodeBlockRepository {
  constructor(private readonly db: PgDatabase) {}

  claim(hostId: string, blocks: number, at: Date): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      // A lock that conflicts with itself: hosts starting together take their blocks one after another.
      await tx.run('LOCK TABLE node_blocks IN SHARE ROW EXCLUSIVE MODE');
      const held = await tx.one<{ block: number }>('SELECT block FROM node_blocks WHERE host_id = $1', [hostId]);
      if (held) return held.block;
      const rows = await tx.rows<{ block: number }>('SELECT block FROM node_blocks');
      const free = lowestFreeBlock(
        rows.map((r) => r.block),
        blocks,
      );
      if (free !== null) await tx.run('INSERT INTO node_blocks (host_id, block, claimed_at) VALUES ($1, $2, $3)', [hostId, free, at.getTime()]);
      return free;
    });
  }
}
