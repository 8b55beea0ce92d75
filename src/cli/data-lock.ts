import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { PRIVATE_FILE_MODE } from '../store/file-modes.js';

/** The lock itself: a small SQLite file held in exclusive locking mode. */
export const LOCK_FILE = 'bbs.lock';
/** Who holds the lock, for people and error messages; never trusted as the lock. */
export const PID_FILE = 'bbs.pid';

/** Another process (a running board, a restore) owns the data folder. */
export class DataLockedError extends Error {
  constructor(
    readonly data: string,
    readonly holder: string | null,
  ) {
    super(`the data folder ${data} is in use${holder ? ` by ${holder}` : ''}: a board is running on it (stop it first)`);
    this.name = 'DataLockedError';
  }
}

export interface DataLock {
  release(): void;
}

/**
 * Takes the data folder for this process, or throws DataLockedError.
 *
 * Why a SQLite lock rather than a bare pid file: the kernel drops the lock
 * when the holder dies, even by SIGKILL, so there is never a stale lock to
 * guess about; and a pid says nothing across containers sharing one volume,
 * where every board is pid 1. Holders in other containers on the same host
 * still see the lock, since it lives on the shared file.
 */
export function acquireDataLock(data: string): DataLock {
  const db = new BetterSqlite3(join(data, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // No rollback journal beside the lock: there is nothing in it to roll back.
    db.pragma('journal_mode = MEMORY');
    // The first write in exclusive locking mode keeps the file locked until close.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock (held INTEGER); COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataLockedError(data, readHolder(data));
    throw err;
  }
  writeHolder(data);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      rmSync(join(data, PID_FILE), { force: true });
      closeQuietly(db);
    },
  };
}

function writeHolder(data: string): void {
  const line = `pid ${process.pid} on ${hostname()} since ${new Date().toISOString()}\n`;
  try {
    writeFileSync(join(data, PID_FILE), line, { mode: PRIVATE_FILE_MODE });
  } catch {
    // Only a note for people; the lock above is what counts.
  }
}

function readHolder(data: string): string | null {
  try {
    return readFileSync(join(data, PID_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function closeQuietly(db: Database): void {
  try {
    db.close();
  } catch {
    // Closing a lock file cannot lose anything.
  }
}
