import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { makePrivate, PRIVATE_DIR_MODE } from './file-modes.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The file was written by a newer version of the board; refuse rather than guess. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `database schema version ${found} is newer than this program understands (version ${known}); ` +
        'upgrade the board software or restore a matching backup. The database was not changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function assertNotTooNew(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const found = schemaVersion(db);
  if (found > migrations.length) throw new SchemaTooNewError(found, migrations.length);
}

/**
 * Brings the schema up to `target` (default: the newest). Each step runs in
 * its own IMMEDIATE transaction that re-reads the version first, so two
 * processes opening a fresh file at once cannot both apply the same step.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, target = migrations.length): void {
  for (let index = 0; index < target; index++) {
    const migration = migrations[index];
    if (!migration) break;
    const step = db.transaction(() => {
      const current = schemaVersion(db);
      if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length);
      if (current > index) return;
      migration.up(db);
      db.pragma(`user_version = ${index + 1}`);
    });
    step.immediate();
  }
}

/**
 * Copies a database that is about to be migrated into `dir`, named for the
 * version it had, and returns the copy's path (null when nothing is to be
 * migrated, or the file is new and empty). VACUUM INTO rather than the
 * online backup API because opening stays synchronous; it, too, writes a
 * consistent snapshot while other connections keep writing.
 */
export function backupBeforeMigrating(db: Database, dir: string, target: number, now = new Date()): string | null {
  const version = schemaVersion(db);
  if (version === 0 || version >= target) return null;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Colons are not allowed in file names on every system a backup may travel to.
  const stamp = now.toISOString().replace(/:/g, '-');
  const path = join(dir, `bbs-v${version}-${stamp}.db`);
  db.prepare('VACUUM INTO ?').run(path);
  makePrivate(path);
  return path;
}
