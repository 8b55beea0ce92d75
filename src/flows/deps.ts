import type { BoardConfig } from '../config/config.js';
import type { AreaSetting } from '../config/settings.js';
import type { Logger } from '../logger.js';
import type { LiveBus, Roster } from '../session/live.js';
import type { FileEntry, Store } from '../store/types.js';
import type { PasswordGuard } from '../rules/login-guard.js';
import type { Throttle } from '../rules/throttle.js';
import type { DoorDefinition, GatewayDefinition } from '../config/door-settings.js';
import type { DoorDirectory } from '../session/handoff.js';
import type { FileLibrary } from '../files/file-library.js';

/** What the board's flows need from the outside world; passed in, never global. */
export interface FlowDeps {
  store: Store;
  log: Logger;
  /** The board's one failed-password back-off, shared by every node and SSH. */
  loginGuard: PasswordGuard;
  /** Rate limits kept per account and per address for the whole board, not per visit. */
  throttle: Throttle;
  /** Chat lines, pages, broadcasts: shared with every caller on every node. */
  live: LiveBus;
  /** Who is online, on every node. */
  roster: Roster;
  board: {
    name: string;
    /** The config file's MOTD; a sysop's edit on the board (board_settings) wins over it. */
    motd: string;
    /** The account named sysop in the config (board.sysop): made sysop when it registers. */
    sysop?: string;
    /** How terminal callers write messages until they choose (board.editor); full when not given. */
    editor?: 'full' | 'line';
  };
  /** When the board started, for the board-info screen's uptime; default: when createConversation ran. */
  startedAt?: Date;
  /** The sysop's message areas, the default one first; DEFAULT_AREAS when not given. */
  areas?: readonly AreaSetting[];
  /** The sysop's doors and the other boards callers may be connected to, and who is playing what now. */
  doors?: { list: readonly DoorDefinition[]; gateways: readonly GatewayDefinition[]; directory: DoorDirectory };
  /** The file areas (none when not given). */
  files?: FileLibrary;
  /** A web link to a file for this account, with how many hours it works; none without an HTTP port. */
  fileLinks?: (file: FileEntry, userId: number) => Promise<{ url: string; hours: number } | null>;
  /** A one-time login link to the web reader for this account, with how many minutes it works; none without an HTTP port. */
  webLogin?: (userId: number) => Promise<{ url: string; minutes: number } | null>;
  /** The config's limits that conversations enforce (the connection caps and the password wait belong to the wires and the gateway). */
  limits: Pick<BoardConfig['limits'], 'messageLines' | 'lineLength' | 'minPasswordLength' | 'signupsPerHour' | 'postsPerHour' | 'mailPerHour' | 'storagePerUser'>;
}
