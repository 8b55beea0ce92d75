/**
 * The store's interface. Async throughout, so a networked database can stand
 * in for the embedded SQLite one later; flows only ever see the store through
 * this interface. Each repository's entities and contract live in their own
 * file under types/; this one assembles them into the Store and re-exports
 * what the rest of the board names.
 */

import type { AreaReadRepository } from './types/area-reads.js';
import type { BoardSettingsRepository } from './types/board-settings.js';
import type { CallLogRepository } from './types/call-log.js';
import type { DoorTimeRepository } from './types/door-time.js';
import type { DraftRepository } from './types/drafts.js';
import type { FileRepository } from './types/files.js';
import type { NodeBlockRepository } from './types/node-blocks.js';
import type { OnelinerRepository } from './types/oneliners.js';
import type { PrivateMessageRepository } from './types/private-messages.js';
import type { PublicMessageRepository } from './types/public-messages.js';
import type { QuotaRepository } from './types/quotas.js';
import type { SshKeyRepository } from './types/ssh-keys.js';
import type { UserSettingsRepository } from './types/user-settings.js';
import type { UserRepository } from './types/users.js';
import type { WebTokenRepository } from './types/web-tokens.js';

export { SECURITY_LEVELS, type SecurityLevel, type SysopClaim, type User, type UserRepository } from './types/users.js';
export type { MessageExcerpt, MessageHit, NewPublicMessage, PublicMessage } from './types/public-messages.js';
export type { PrivateMessage } from './types/private-messages.js';
export type { SshKey } from './types/ssh-keys.js';
export type { UserSettings } from './types/user-settings.js';
export type { BoardSettingsRepository } from './types/board-settings.js';
export type { WindowUse } from './types/quotas.js';
export type { FileEntry, FileHit } from './types/files.js';

export interface Store {
  users: UserRepository;
  publicMessages: PublicMessageRepository;
  privateMessages: PrivateMessageRepository;
  calls: CallLogRepository;
  areaReads: AreaReadRepository;
  oneliners: OnelinerRepository;
  userSettings: UserSettingsRepository;
  sshKeys: SshKeyRepository;
  boardSettings: BoardSettingsRepository;
  quotas: QuotaRepository;
  doorTime: DoorTimeRepository;
  drafts: DraftRepository;
  files: FileRepository;
  nodeBlocks: NodeBlockRepository;
  webTokens: WebTokenRepository;
  close(): Promise<void>;
}
