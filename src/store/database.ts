import { existsSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { makePrivate } from './file-modes.js';
import { assertNotTooNew, backupBeforeMigrating, migrate } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** How long a writer waits for another connection's lock before failing. */
const BUSY_TIMEOUT_MS = 10_000;

export interface OpenOptions {
  /** Apply migrations up to this version only (tests of upgrades). */
  migrateTo?: number;
  migrations?: readonly Migration[];
  /**
   * Before migrating a file whose schema is older than the code's, copy it
   * into this folder as bbs-v{old}-{time}.db, so an upgrade can be undone.
   */
  backupBeforeMigrate?: string;
  /** Told where that copy went, for the log. */
  onBackup?: (path: string) => void;
}

/**
 * Opens (creating if needed) and migrates a board database.
 *
 * Durability: WAL with synchronous=NORMAL. A commit is in the WAL file, and so
 * in the OS page cache, before better-sqlite3 returns, so it survives the
 * process being killed (SIGKILL, OOM); only an OS crash or power loss can drop
 * the last few commits. That is the promise we make: a message whose "posted"
 * screen was sent survives the board process dying. FULL would fsync every
 * commit for protection the board does not need.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Database {
  const migrations = options.migrations ?? MIGRATIONS;
  const onDisk = path !== ':memory:' && path !== '';
  const isNew = onDisk && !existsSync(path);
  const db = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    // SQLite makes the file 0644 less the umask; its -wal and -shm copy the file's mode.
    if (isNew) makePrivate(path);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Checked before anything that could write (journal_mode changes the file
    // header), so a too-new file is left exactly as it was.
    assertNotTooNew(db, migrations);
    const target = options.migrateTo ?? migrations.length;
    if (options.backupBeforeMigrate !== undefined && !db.memory) {
      const copy = backupBeforeMigrating(db, options.backupBeforeMigrate, target);
      if (copy) options.onBackup?.(copy);
    }
    if (onDisk) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, target);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
