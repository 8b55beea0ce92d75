import { descendantsWhere, isLrzsz } from '../../test/helpers/process-tree.js';

/**
 * The lrzsz programs running below `roots` (the board, the load clients):
 * taken before those are killed, since an orphan is re-parented and no
 * longer found through them.
 */
export function lrzszBelow(roots: readonly number[]): number[] {
  return descendantsWhere(roots, isLrzsz);
}

/** SIGKILL each of `pids` that still runs. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended on its own.
    }
  }
}
