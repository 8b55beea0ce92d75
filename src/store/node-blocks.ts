import type { Database } from 'better-sqlite3';
import { asPromise } from './as-promise.js';
import { lowestFreeBlock, type NodeBlockRepository } from './types/node-blocks.js';

/** Node-number blocks in the SQLite file: hosts sharing one file serialise on its write lock. */
export class SqliteNodeBlockRepository implements NodeBlockRepository {
  private readonly take: (hostId: string, blocks: number, at: number) => number | null;

  constructor(db: Database) {
    const mine = db.prepare<[string], { block: number }>('SELECT block FROM node_blocks WHERE host_id = ?');
    const all = db.prepare<[], { block: number }>('SELECT block FROM node_blocks');
    const insert = db.prepare<[string, number, number]>('INSERT INTO node_blocks (host_id, block, claimed_at) VALUES (?, ?, ?)');
    const tx = db.transaction((hostId: string, blocks: number, at: number): number | null => {
      const held = mine.get(hostId);
      if (held) return held.block;
      const free = lowestFreeBlock(
        all.all().map((r) => r.block),
        blocks,
      );
      if (free !== null) insert.run(hostId, free, at);
      return free;
    });
    // IMMEDIATE: the write lock is taken before the read, so two processes cannot both see a block free.
    this.take = (hostId, blocks, at) => tx.immediate(hostId, blocks, at);
  }

  claim(hostId: string, blocks: number, at: Date): Promise<number | null> {
    return asPromise(() => this.take(hostId, blocks, at.getTime()));
  }
}
