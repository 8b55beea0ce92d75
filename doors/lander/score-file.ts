import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock.js';
import { addScore, parseTable, type ScoreEntry } from './score-table.js';

const FILE = 'scores.json';

/**
 * The high scores in `DATA/scores.json`. A finished game takes the lock,
 * reads the file again (another player may have finished since this game
 * began) and adds its row to what it finds, then writes a temporary file and
 * renames it over the old one, so a reader never sees half a table.
 */
export class ScoreFile {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, FILE);
  }

  /** The table as it is now; a missing file is an empty table. */
  async read(): Promise<ScoreEntry[]> {
    const text = await readFile(this.path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '[]';
      throw err;
    });
    try {
      return parseTable(text);
    } catch {
      // Not JSON: keep it for the sysop to look at, and start a fresh table.
      await rename(this.path, `${this.path}.broken-${Date.now()}`).catch(() => undefined);
      return [];
    }
  }

  async record(entry: ScoreEntry): Promise<{ table: ScoreEntry[]; place: number | null }> {
    await mkdir(this.dir, { recursive: true });
    return withFileLock(`${this.path}.lock`, async () => {
      const result = addScore(await this.read(), entry);
      if (result.place !== null) await this.write(result.table);
      return result;
    });
  }

  private async write(table: ScoreEntry[]): Promise<void> {
    const temp = `${this.path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      const handle = await open(temp, 'w', 0o644);
      try {
        await handle.writeFile(JSON.stringify(table, null, 2) + '\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
}

/** `DOOR_DATA`, else the `data` folder beside the game. */
export function scoreDir(env: NodeJS.ProcessEnv, gameDir: string): string {
  return env.DOOR_DATA || join(gameDir, 'data');
}
