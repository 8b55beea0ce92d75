import type { NodeBlockRepository } from '../store/types/node-blocks.js';

/**
 * Node numbers on a board of several hosts. Each host holds one block of
 * NODE_BLOCK numbers in the shared database, by its host id: block 0 is
 * nodes 1-64, block 1 nodes 101-164, block 2 nodes 201-264 ... (a host runs
 * at most 64 nodes, so every block has room for any node count, and a
 * host's nodes read as "its hundred"). Two hosts never hold one block, so
 * never one node number; a restarted host finds its own block again, and
 * with it the numbers its callers dialled (`@bbs.101`, `/ws?node=101`).
 * A board without a bus is its own whole board and numbers from 1 as ever.
 */
const NODE_BLOCK = 100;
/** Node numbers stay within four digits, as the JSON socket's `@bbs.N` and `/ws?node=N` take them. */
const NODE_BLOCKS = 100;

/** The first node number of a block. */
function firstNodeOf(block: number): number {
  return block * NODE_BLOCK + 1;
}

/** This host's first node number, from its block in the shared database; a board full of hosts stops the start saying so. */
export async function claimFirstNode(blocks: NodeBlockRepository, hostId: string, now = new Date()): Promise<number> {
  const block = await blocks.claim(hostId, NODE_BLOCKS, now);
  if (block === null) {
    throw new Error(`every one of the board's ${NODE_BLOCKS} blocks of node numbers is held by another host id; free the block of a host retired for good (DELETE FROM node_blocks WHERE host_id = '...')`);
  }
  return firstNodeOf(block);
}
