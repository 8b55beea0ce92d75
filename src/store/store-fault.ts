/**
 * Storage trouble a write can meet that is no fault of the caller's or of
 * the code: the disk is full, the file became read-only, the disk failed.
 * The board cannot save while it lasts, but it can go on reading and
 * answering, and it must tell the caller and the sysop plainly.
 */
export type StoreFault = 'full' | 'readonly' | 'io';

/** SQLite's result code on the error (better-sqlite3 puts it in `code`), classed; null for anything else. */
export function storeFault(err: unknown): StoreFault | null {
  const code = faultCode(err);
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'readonly';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return null;
}

export function faultCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** For the sysop's log: what happened and what to do about it. */
export const STORE_FAULT_LOG: Readonly<Record<StoreFault, string>> = {
  full: 'could not save: the disk holding the database is full; free space on it and the board saves again by itself',
  readonly: 'could not save: the database has become read-only; check the file system and the modes of the data folder',
  io: 'could not save: the disk holding the database reported an I/O error; check the disk and the system log',
};
