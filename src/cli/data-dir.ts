import { ConfigError, loadConfig } from '../config/config.js';
import { describeStore, type StorePlace } from '../store/board-store.js';

/**
 * Where a shell command finds the board, the way `bbs serve` does (--data,
 * then BBS_DATA, then ./data; the database URL from BBS_DATABASE_URL or the
 * config file); null after printing why not.
 */
export async function storePlaceFor(command: string, flag: string | undefined): Promise<StorePlace | null> {
  try {
    const { data, database } = await loadConfig({ flags: { data: flag }, env: process.env });
    return { data, database };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`bbs ${command}: ${err.message}`);
    return null;
  }
}

/**
 * `bbs backup` and `bbs restore` copy the SQLite file; a board on
 * PostgreSQL is backed up by PostgreSQL's own tools, which take a
 * consistent copy of a live database and put it back whole.
 */
export function postgresCopyAdvice(command: 'backup' | 'restore', place: StorePlace): string {
  const where = describeStore(place);
  return command === 'backup'
    ? `bbs backup: this board keeps its data in PostgreSQL (${where}); back it up with PostgreSQL's own tool, which copies a live database consistently:\n  pg_dump --format=custom --file=bbs-$(date +%F).dump "$BBS_DATABASE_URL"\nbbs backup copies only the SQLite file of a board without a database URL.`
    : `bbs restore: this board keeps its data in PostgreSQL (${where}); stop every board host, then put a dump back with PostgreSQL's own tool:\n  pg_restore --clean --if-exists --no-owner --dbname "$BBS_DATABASE_URL" bbs.dump\nThe board upgrades an older schema when it next starts.`;
}
