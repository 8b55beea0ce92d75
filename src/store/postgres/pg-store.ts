import { PasswordHasher, type HasherOptions } from '../password.js';
import type { Store } from '../types.js';
import { PgAreaReadRepository } from './pg-area-reads.js';
import { PgBoardSettingsRepository } from './pg-board-settings.js';
import { PgCallLogRepository } from './pg-call-log.js';
import { PgDatabase } from './pg-database.js';
import { PgDoorTimeRepository } from './pg-door-time.js';
import { PgDraftRepository } from './pg-drafts.js';
import { PgFileRepository } from './pg-files.js';
import { migratePg } from './pg-migrate.js';
import { PgNodeBlockRepository } from './pg-node-blocks.js';
import { PgWebTokenRepository } from './pg-web-tokens.js';
import { PgOnelinerRepository } from './pg-oneliners.js';
import { PgPrivateMessageRepository } from './pg-private-messages.js';
import { PgPublicMessageRepository } from './pg-public-messages.js';
import { PgQuotaRepository } from './pg-quotas.js';
import { PgSshKeyRepository } from './pg-ssh-keys.js';
import { PgUserSettingsRepository } from './pg-user-settings.js';
import { PgUserRepository } from './pg-users.js';

interface PgStoreOptions {
  /** Connections this process may hold (each node process has its own pool). */
  connections?: number;
  /** The board's tables live in this schema (tests give each store its own). */
  schema?: string;
}

/**
 * The store on PostgreSQL: the same repositories as the SQLite file's, over
 * one connection pool, the schema brought up to date first (under a lock, so
 * hosts starting together migrate once).
 */
export async function openPostgresStore(url: string, options: PgStoreOptions = {}, hashing: Partial<HasherOptions> = {}): Promise<Store> {
  const db = PgDatabase.open(url, { max: options.connections ?? 10, ...(options.schema ? { schema: options.schema } : {}) });
  try {
    await migratePg(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return createPostgresStore(db, hashing);
}

/** Wraps an open, migrated database. */
export function createPostgresStore(db: PgDatabase, hashing: Partial<HasherOptions> = {}): Store {
  const hasher = new PasswordHasher(hashing);
  let closing: Promise<void> | null = null;
  return {
    users: new PgUserRepository(db, hasher),
    publicMessages: new PgPublicMessageRepository(db),
    privateMessages: new PgPrivateMessageRepository(db),
    calls: new PgCallLogRepository(db),
    areaReads: new PgAreaReadRepository(db),
    oneliners: new PgOnelinerRepository(db),
    userSettings: new PgUserSettingsRepository(db),
    sshKeys: new PgSshKeyRepository(db),
    boardSettings: new PgBoardSettingsRepository(db),
    quotas: new PgQuotaRepository(db),
    doorTime: new PgDoorTimeRepository(db),
    drafts: new PgDraftRepository(db),
    files: new PgFileRepository(db),
    nodeBlocks: new PgNodeBlockRepository(db),
    webTokens: new PgWebTokenRepository(db),
    close(): Promise<void> {
      // The hashing threads go with the store, whether or not the pool ended cleanly.
      closing ??= db.close().finally(() => hasher.close());
      return closing;
    },
  };
}
