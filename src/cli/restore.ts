import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresCopyAdvice, storePlaceFor } from './data-dir.js';
import { makePrivate, PRIVATE_DIR_MODE } from '../store/file-modes.js';
import { MIGRATIONS } from '../store/migrations.js';
import { checkDatabaseFile, timestamp } from './backup.js';
import { acquireDataLock, DataLockedError } from './data-lock.js';

export const RESTORE_HELP = `Usage: bbs restore FILE [options]

Put a backup back: FILE (from "bbs backup") becomes the board's database.
The board must be stopped; restore refuses while one runs on the folder.
FILE is checked first (SQLite integrity check, a board database, a schema
this version understands). The database it replaces is kept as
DATA/backups/bbs-before-restore-TIME.db. A backup from an older version is
upgraded when the board next starts.

Options:
  --data DIR    the board's data folder [./data]   env BBS_DATA
  --help        show this help

Exit status: 0 when restored, 1 when not (nothing was changed).`;

export async function restore(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(RESTORE_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error('bbs restore: give exactly one FILE to restore\nRun "bbs restore --help" for the options.');
    return 2;
  }
  const place = await storePlaceFor('restore', values.data);
  if (place === null) return 2;
  if (place.database) {
    console.error(postgresCopyAdvice('restore', place));
    return 1;
  }
  const { data } = place;
  try {
    const { version, keptAt } = await restoreDatabase(resolve(positionals[0]!), data);
    console.log(`bbs restore: ${join(data, 'bbs.db')} is now ${positionals[0]!} (schema version ${version})`);
    if (keptAt) console.log(`bbs restore: the database it replaced is kept at ${keptAt}`);
    if (version < MIGRATIONS.length) console.log(`bbs restore: the board upgrades it to version ${MIGRATIONS.length} when it starts`);
    return 0;
  } catch (err) {
    console.error(`bbs restore: ${(err as Error).message}`);
    return 1;
  }
}

/**
 * Replaces DATA/bbs.db with a checked copy of `file`, holding the data
 * folder's lock throughout so no board can start half-way.
 */
export async function restoreDatabase(file: string, data: string): Promise<{ version: number; keptAt: string | null }> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  await mkdir(data, { recursive: true, mode: PRIVATE_DIR_MODE });
  let lock;
  try {
    lock = acquireDataLock(data);
  } catch (err) {
    if (err instanceof DataLockedError) throw new Error(`refusing to restore: ${err.message}`);
    throw err;
  }
  const live = join(data, 'bbs.db');
  // Staged beside the live file so the final rename stays on one file system.
  const staged = `${live}.restoring`;
  try {
    await copyFile(file, staged);
    // copyFile gives the copy FILE's own mode, which may well be 0644.
    makePrivate(staged);
    const check = checkDatabaseFile(staged, file);
    if (!check.hasBoardTables || check.version < 1) throw new Error(`${file} is an SQLite file but not a board database`);
    if (check.version > MIGRATIONS.length)
      throw new Error(`${file} has schema version ${check.version}, newer than this program understands (version ${MIGRATIONS.length}); restore it with a newer board`);
    const keptAt = await setAside(live, join(data, 'backups'));
    // The old -shm describes the old file's WAL; SQLite must not meet it beside the new one.
    await rm(`${live}-shm`, { force: true });
    await rm(`${live}-wal`, { force: true });
    await rename(staged, live);
    return { version: check.version, keptAt };
  } finally {
    for (const leftover of [staged, `${staged}-wal`, `${staged}-shm`]) await rm(leftover, { force: true });
    lock.release();
  }
}

/**
 * Moves the current database, with its WAL, into the backups folder.
 * Renamed rather than opened: it may be the damaged file being replaced.
 */
async function setAside(live: string, dir: string): Promise<string | null> {
  if (!existsSync(live)) return null;
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const kept = join(dir, `bbs-before-restore-${timestamp()}.db`);
  await rename(live, kept);
  // The file being put aside may date from before the board made its files private.
  makePrivate(kept);
  // Under its new name the WAL still belongs to the file: SQLite finds X-wal beside X.
  if (existsSync(`${live}-wal`)) {
    await rename(`${live}-wal`, `${kept}-wal`);
    makePrivate(`${kept}-wal`);
  }
  return kept;
}
