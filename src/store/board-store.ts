import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaTooNewError } from './migrate.js';
import type { HasherOptions } from './password.js';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

/**
 * Where a board keeps its data: the SQLite file DATA/bbs.db, or the
 * PostgreSQL database a `postgres://` URL names. Every part of the board
 * opens its store through here, so the two engines are one choice in one
 * place.
 */
export interface StorePlace {
  data: string;
  database: string | null;
}

interface BoardStoreOptions {
  hashing?: Partial<HasherOptions>;
  /** SQLite only: copy an older file here before upgrading it (PostgreSQL upgrades in one transaction instead). */
  backupBeforeMigrate?: string;
  onBackup?: (path: string) => void;
  /** PostgreSQL only: connections this process may hold. */
  connections?: number;
}

function sqlitePath(place: StorePlace): string {
  return join(place.data, 'bbs.db');
}

/** How the sysop's messages name the database: the file's path, or the URL without its password. */
export function describeStore(place: StorePlace): string {
  if (!place.database) return sqlitePath(place);
  try {
    const url = new URL(place.database);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return 'the PostgreSQL database';
  }
}

/** False when a command that must not create a database would: an SQLite file that is not there. A PostgreSQL database is asked when opened. */
export function storeExists(place: StorePlace): boolean {
  return place.database !== null || existsSync(sqlitePath(place));
}

/** The board's store, migrated to the newest schema. */
export async function openBoardStore(place: StorePlace, options: BoardStoreOptions = {}): Promise<Store> {
  if (place.database) {
    try {
      // The driver is loaded only by a board that uses it: a SQLite board starts without it.
      const { openPostgresStore } = await import('./postgres/pg-store.js');
      return await openPostgresStore(place.database, options.connections ? { connections: options.connections } : {}, options.hashing ?? {});
    } catch (err) {
      throw unreachable(place, err);
    }
  }
  const sqliteOptions = options.backupBeforeMigrate === undefined ? {} : { backupBeforeMigrate: options.backupBeforeMigrate, ...(options.onBackup ? { onBackup: options.onBackup } : {}) };
  return openSqliteStore(sqlitePath(place), sqliteOptions, options.hashing ?? {});
}

/** A database the board cannot open, in words the sysop can act on (never the password). */
export class StoreUnreachableError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'StoreUnreachableError';
  }
}

function unreachable(place: StorePlace, err: unknown): Error {
  // A schema newer than the code says so itself.
  if (err instanceof SchemaTooNewError) return err;
  const code = (err as { code?: unknown }).code;
  const why = err instanceof Error ? err.message : String(err);
  const hint =
    code === 'ECONNREFUSED' ? ' (is PostgreSQL running, and listening on that address and port?)'
    : code === '28P01' || code === '28000' ? ' (check the user name and password in the URL)'
    : code === '3D000' ? ' (create the database first: createdb)'
    : '';
  return new StoreUnreachableError(`cannot open ${describeStore(place)}: ${why}${hint}`, { cause: err });
}
