import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE } from '../store/file-modes.js';
import { LOCK_FILE } from './data-lock.js';

/** The data folder cannot be used; the message says which path and what the board needs. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Files a board writes to in place, so they must be writable when they exist already. */
const WRITTEN_FILES = ['bbs.db', 'bbs.db-wal', 'bbs.db-shm', LOCK_FILE];

/**
 * Makes the data folder (0700) if it is missing and checks the board can
 * write in it, before anything opens it. Without this a read-only folder
 * shows up as SQLite's "attempt to write a readonly database" from deep in
 * the start, or worse, a database that opens read-only and fails on the
 * first caller's post.
 */
export async function prepareDataDir(data: string): Promise<void> {
  try {
    await mkdir(data, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (err) {
    throw new DataDirError(`cannot create the data folder ${data} (${why(err)}): ${NEEDS}`);
  }
  try {
    await access(data, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new DataDirError(`the data folder ${data} is not writable (${why(err)}): ${NEEDS}`);
  }
  for (const name of WRITTEN_FILES) {
    const path = join(data, name);
    try {
      await access(path, constants.W_OK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new DataDirError(`${path} in the data folder is not writable (${why(err)}): ${NEEDS}`);
    }
  }
}

const NEEDS =
  'the board keeps its database, lock and SSH host keys there and must be able to create and write files in it. ' +
  `Make it writable for the account the board runs as${process.getuid ? ` (uid ${process.getuid()})` : ''}, or choose another folder with --data or BBS_DATA.`;

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the disk';
  return code ?? (err as Error).message;
}
