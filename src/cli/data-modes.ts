import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/file-modes.js';
import { LOCK_FILE, PID_FILE } from './data-lock.js';

/** What the board makes at the top of its data folder: the database with its companions, the lock, the pid note. */
const TOP_FILES = ['bbs.db', 'bbs.db-wal', 'bbs.db-shm', 'bbs.db-journal', LOCK_FILE, `${LOCK_FILE}-journal`, PID_FILE];
/** Its folders whose every file is the board's own: database copies, SSH host keys. */
const PRIVATE_FOLDERS = ['backups', 'ssh'];

interface ModeReport {
  /** Paths whose group or other bits were taken away. */
  tightened: string[];
  /** Paths still open to other accounts, with why they could not be changed. */
  failed: Array<{ path: string; reason: string }>;
}

/**
 * Takes group and other access away from what the board keeps in `data`:
 * the folder itself, the database files, the lock, backups and host keys.
 * A folder made by an older version, or by hand, may be 0755 with 0644
 * files, and then every local account can read the password hashes and
 * private mail. Files the board does not own (art, a config file the sysop
 * put there) are left as they are: they are the sysop's, and often mounted
 * read-only. Symbolic links are not followed.
 */
export async function tightenDataModes(data: string): Promise<ModeReport> {
  const report: ModeReport = { tightened: [], failed: [] };
  await tighten(data, PRIVATE_DIR_MODE, report);
  for (const name of TOP_FILES) await tighten(join(data, name), PRIVATE_FILE_MODE, report);
  for (const folder of PRIVATE_FOLDERS) {
    const dir = join(data, folder);
    if (!(await tighten(dir, PRIVATE_DIR_MODE, report))) continue;
    for (const name of await readdir(dir).catch(() => [])) {
      // A public key is published on purpose; only its private half is secret.
      if (folder === 'ssh' && name.endsWith('.pub')) continue;
      await tighten(join(dir, name), PRIVATE_FILE_MODE, report);
    }
  }
  return report;
}

/** Sets `path` to `mode` when it is looser; false when there is no such file or folder of that kind. */
async function tighten(path: string, mode: number, report: ModeReport): Promise<boolean> {
  const info = await lstat(path).catch(() => null);
  if (!info) return false;
  const wantDir = mode === PRIVATE_DIR_MODE;
  if (wantDir ? !info.isDirectory() : !info.isFile()) return false;
  if ((info.mode & 0o077) === 0) return true;
  try {
    await chmod(path, mode);
    report.tightened.push(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const uid = process.getuid?.();
    report.failed.push({
      path,
      reason:
        code === 'EPERM' && uid !== undefined && info.uid !== uid
          ? `owned by uid ${info.uid}, the board runs as uid ${uid}`
          : `${code ?? 'error'}: ${(err as Error).message}`,
    });
  }
  return true;
}
