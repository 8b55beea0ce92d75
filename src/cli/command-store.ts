import { SchemaTooNewError } from '../store/migrate.js';
import { describeStore, openBoardStore, storeExists, StoreUnreachableError, type StorePlace } from '../store/board-store.js';
import type { Store } from '../store/types.js';

/**
 * The board's store for a shell command (`bbs user`, `bbs key`, `bbs
 * files`), or null after saying why not: an SQLite file that is not there
 * (a mistyped --data would otherwise make an empty board), a PostgreSQL
 * server that cannot be reached, a schema newer than this program.
 */
export async function storeForCommand(command: string, place: StorePlace, say: (line: string) => void, opts: { mayCreate?: boolean } = {}): Promise<Store | null> {
  if (!opts.mayCreate && !storeExists(place)) {
    say(`bbs ${command}: no board database at ${describeStore(place)} (start the board once, or pass --data)`);
    return null;
  }
  try {
    return await openBoardStore(place);
  } catch (err) {
    if (!(err instanceof StoreUnreachableError) && !(err instanceof SchemaTooNewError)) throw err;
    say(`bbs ${command}: ${err.message}`);
    return null;
  }
}
