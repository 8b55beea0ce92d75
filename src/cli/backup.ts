import { existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { makePrivate, PRIVATE_DIR_MODE } from '../store/file-modes.js';
import { postgresCopyAdvice, storePlaceFor } from './data-dir.js';

export const BACKUP_HELP = `Usage: bbs backup [FILE] [options]

Copy the board's database to FILE, safely, while the board runs and callers
keep posting: the copy is one consistent moment of the database, checked
with SQLite's integrity check before it is given its name. FILE is a single
self-contained SQLite file that "bbs restore FILE" puts back.

Without FILE the copy goes to DATA/backups/bbs-TIME.db.

Options:
  --data DIR    the board's data folder [./data]   env BBS_DATA
  --force       replace FILE if it already exists
  --help        show this help

Exit status: 0 when the copy is written and checked, 1 when not.`;

/** What a good board database file looks like, or why it is not one. */
export interface DatabaseCheck {
  version: number;
  hasBoardTables: boolean;
}

/**
 * Opens an SQLite file and runs the full integrity check. Throws with a
 * plain message when the file is missing, not SQLite, or damaged.
 */
export function checkDatabaseFile(path: string, name = path): DatabaseCheck {
  let db;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true, timeout: 10_000 });
  } catch (err) {
    throw new Error(`${name} cannot be opened (${(err as Error).message})`);
  }
  try {
    let rows: unknown[];
    try {
      rows = db.pragma('integrity_check') as unknown[];
    } catch (err) {
      throw new Error(`${name} is not an SQLite database (${(err as Error).message})`);
    }
    const problems = rows.map((r) => Object.values(r as Record<string, unknown>)[0]).filter((v) => v !== 'ok');
    if (problems.length > 0) throw new Error(`${name} failed the integrity check: ${problems.slice(0, 3).join('; ')}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasBoardTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get() !== undefined;
    return { version, hasBoardTables };
  } finally {
    db.close();
  }
}

/** File names with a time in them, without the colons some systems refuse. */
export function timestamp(now = new Date()): string {
  return now.toISOString().replace(/:/g, '-');
}

export async function backup(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(BACKUP_HELP);
    return 0;
  }
  if (positionals.length > 1) {
    console.error('bbs backup: give one FILE at most\nRun "bbs backup --help" for the options.');
    return 2;
  }
  const place = await storePlaceFor('backup', values.data);
  if (place === null) return 2;
  if (place.database) {
    console.error(postgresCopyAdvice('backup', place));
    return 1;
  }
  const { data } = place;
  const source = join(data, 'bbs.db');
  const dest = resolve(positionals[0] ?? join(data, 'backups', `bbs-${timestamp()}.db`));
  try {
    const check = await copyDatabase(source, dest, values.force === true);
    const { size } = await stat(dest);
    console.log(`bbs backup: wrote ${dest} (${size} bytes, schema version ${check.version}, integrity ok)`);
    return 0;
  } catch (err) {
    console.error(`bbs backup: ${(err as Error).message}`);
    return 1;
  }
}

/**
 * An online copy of a live database: written under a temporary name, made a
 * single file, checked, and only then renamed to `dest`, so a copy that is
 * there under its name is always whole.
 */
export async function copyDatabase(source: string, dest: string, force = false): Promise<DatabaseCheck> {
  if (!existsSync(source)) throw new Error(`no database at ${source} (is --data or BBS_DATA right?)`);
  if (existsSync(dest) && !force) throw new Error(`${dest} already exists (use --force to replace it)`);
  await mkdir(dirname(dest), { recursive: true, mode: PRIVATE_DIR_MODE });
  const partial = `${dest}.partial`;
  await rm(partial, { force: true });
  try {
    const db = new BetterSqlite3(source, { fileMustExist: true, timeout: 10_000 });
    try {
      // All pages in one step, so one read transaction sees one moment: a
      // step-by-step copy restarts whenever the board writes in between and,
      // with callers posting all the time, might never finish.
      await db.backup(partial, { progress: () => 0x7fffffff });
    } finally {
      db.close();
    }
    const copy = new BetterSqlite3(partial, { fileMustExist: true });
    try {
      // The live file is in WAL mode; the copy should not need a -wal beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const check = checkDatabaseFile(partial);
    // A copy of the database is as secret as the database, wherever FILE is.
    makePrivate(partial);
    await rename(partial, dest);
    return check;
  } finally {
    await rm(partial, { force: true });
    await rm(`${partial}-wal`, { force: true });
    await rm(`${partial}-shm`, { force: true });
  }
}
