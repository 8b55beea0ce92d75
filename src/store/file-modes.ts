import { chmodSync } from 'node:fs';

/**
 * The board's files hold password hashes and private mail: only the account
 * the board runs as may read them. Folders it makes are 0700, files 0600.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Every file this process creates from now on (SQLite's -wal, -shm and
 * -journal beside a database, backups, the lock) gets no group or other
 * bits, whatever code creates it. Set at the start of every `bbs` command:
 * the board, and the backup, restore, user and key commands that run as
 * processes of their own and create files in the same folder. Forked node
 * processes inherit it.
 */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

/**
 * For a file made by copying, which keeps the source's mode rather than
 * honouring the umask (copyFile), or made by code that may run without the
 * umask above (a library user). Throws when it cannot.
 */
export function makePrivate(path: string): void {
  chmodSync(path, PRIVATE_FILE_MODE);
}
