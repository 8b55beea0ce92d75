import type { Database } from 'better-sqlite3';
import { SqliteAreaReadRepository } from './area-reads.js';
import { asPromise } from './as-promise.js';
import { SqliteBoardSettingsRepository } from './board-settings.js';
import { SqliteCallLogRepository } from './call-log.js';
import { openDatabase, type OpenOptions } from './database.js';
import { SqliteNodeBlockRepository } from './node-blocks.js';
import { SqliteWebTokenRepository } from './web-tokens.js';
import { SqliteOnelinerRepository } from './oneliners.js';
import { SqliteDoorTimeRepository } from './door-time.js';
import { SqliteDraftRepository } from './drafts.js';
import { SqliteFileRepository } from './files.js';
import { PasswordHasher, type HasherOptions } from './password.js';
import { SqlitePrivateMessageRepository } from './private-messages.js';
import { SqlitePublicMessageRepository } from './public-messages.js';
import { SqliteQuotaRepository } from './quotas.js';
import { SqliteSshKeyRepository } from './ssh-keys.js';
import { storeFault } from './store-fault.js';
import type { Store } from './types.js';
import { SqliteUserSettingsRepository } from './user-settings.js';
import { SqliteUserRepository } from './users.js';

/** The embedded store, plus what only a local SQLite file can do. */
export interface SqliteStore extends Store {
  /**
   * A consistent copy of the live database at `destPath`, taken online:
   * callers keep posting while it runs.
   */
  backup(destPath: string): Promise<void>;
}

export function openSqliteStore(path: string, options: OpenOptions = {}, hashing: Partial<HasherOptions> = {}): SqliteStore {
  return createSqliteStore(openDatabase(path, options), hashing);
}

/** Wraps an already opened and migrated database. */
export function createSqliteStore(db: Database, hashing: Partial<HasherOptions> = {}): SqliteStore {
  let closed = false;
  const publicMessages = new SqlitePublicMessageRepository(db);
  const calls = new SqliteCallLogRepository(db);
  // The store's own: its threads start with the first hash and end with close().
  const hasher = new PasswordHasher(hashing);
  return {
    users: new SqliteUserRepository(db, hasher),
    publicMessages,
    privateMessages: new SqlitePrivateMessageRepository(db),
    calls,
    areaReads: new SqliteAreaReadRepository(db),
    oneliners: new SqliteOnelinerRepository(db),
    userSettings: new SqliteUserSettingsRepository(db),
    sshKeys: new SqliteSshKeyRepository(db),
    boardSettings: new SqliteBoardSettingsRepository(db),
    quotas: new SqliteQuotaRepository(db),
    doorTime: new SqliteDoorTimeRepository(db),
    drafts: new SqliteDraftRepository(db),
    files: new SqliteFileRepository(db),
    nodeBlocks: new SqliteNodeBlockRepository(db),
    webTokens: new SqliteWebTokenRepository(db),
    async backup(destPath: string): Promise<void> {
      await db.backup(destPath);
    },
    close(): Promise<void> {
      const closing = asPromise(() => {
        if (closed) return;
        closed = true;
        publicMessages.flush();
        calls.flush();
        try {
          // Fold the WAL back into the main file so a copied or inspected file
          // is complete on its own; harmless for an in-memory database.
          if (!db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (err) {
          // On a full or failing disk the fold cannot be written. Nothing is lost:
          // every commit stays in the -wal file, which SQLite applies at the next
          // open. Closing matters more than the fold.
          if (storeFault(err) === null) {
            db.close();
            throw err;
          }
        }
        db.close();
      });
      // The hashing threads go with the store, whether or not the database closed cleanly.
      return closing.finally(() => hasher.close());
    },
  };
}
