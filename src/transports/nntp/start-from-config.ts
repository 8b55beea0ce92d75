import type { BoardConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import type { Store } from '../../store/types.js';
import type { ConnectionGate, RunningListener } from '../listener.js';
import { NewsBoard } from './news-board.js';
import { groupPrefix, NewsNames } from './news-names.js';
import { startNntp } from './nntp-transport.js';

/** Bytes a posted article may have beyond its body: room for a newsreader's headers. */
const HEAD_ROOM = 16 * 1024;

/** The NNTP port as the config describes it, over the board's store and its one password guard. */
export function startNntpFromConfig(w: { config: BoardConfig; store: Store; log: Logger; gate: ConnectionGate; guard: PasswordGuard; port: number }): Promise<RunningListener> {
  const { config, store, log } = w;
  const board = new NewsBoard({ store, areas: config.areas, names: new NewsNames(groupPrefix(config.board.name)), limits: config.limits, log: log.child({ transport: 'nntp' }) });
  return startNntp({
    host: config.host,
    port: w.port,
    log,
    gate: w.gate,
    trustedProxies: config.trustedProxies,
    board,
    login: { guard: w.guard, verifyPassword: (name, password, wait) => store.users.verifyPassword(name, password, wait) },
    boardName: config.board.name,
    idleTimeoutMs: config.session.idleTimeoutMs,
    // The board's own caps decide what is kept; this one only bounds what is read to find out. Characters are up to 4 bytes.
    maxArticleBytes: config.limits.messageLines * (config.limits.lineLength * 4 + 2) + HEAD_ROOM,
  });
}
