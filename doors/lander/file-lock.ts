import { open, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A holder that died keeps its lock file; past this age the lock is taken over. */
const STALE_MS = 10_000;
const GIVE_UP_MS = 5_000;

/**
 * Runs `work` while holding `lockPath`, a file made with O_EXCL: the one
 * way to exclude another process (two players finishing at once) that
 * needs nothing but the file system.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + GIVE_UP_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await removeIfStale(lockPath);
      if (Date.now() > deadline) throw new Error(`${lockPath} has been held for over ${GIVE_UP_MS / 1000} s`);
      // Jitter, so two waiters do not retry in step.
      await sleep(5 + Math.random() * 20);
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function removeIfStale(lockPath: string): Promise<void> {
  const info = await stat(lockPath).catch(() => null);
  if (info && Date.now() - info.mtimeMs > STALE_MS) await unlink(lockPath).catch(() => undefined);
}
