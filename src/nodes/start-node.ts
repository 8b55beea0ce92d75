import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoardConfig } from '../config/config.js';
import type { FlowDeps } from '../flows/deps.js';
import type { PasswordGuard } from '../rules/login-guard.js';
import type { Throttle } from '../rules/throttle.js';
import type { DoorDirectory } from '../session/handoff.js';
import { REQUIRED_SCREENS } from '../flows/screen-names.js';
import type { Logger } from '../logger.js';
import { ArtLibrary } from '../screens/art-library.js';
import { makeBanner } from '../screens/banner.js';
import { Screens } from '../screens/screens.js';
import { SystemClock } from '../session/clock.js';
import { Runner, type Conversation } from '../session/runner.js';
import type { Store } from '../store/types.js';
import { FileLibrary } from '../files/file-library.js';
import { DOWNLOAD_LINK_LIFETIME_S, downloadBase, downloadLinkFor } from '../files/download-link.js';
import { loginLinkPath } from '../web-reader/login-link.js';
import { LOGIN_LINK_LIFETIME_S } from '../web-reader/web-tokens.js';
import type { FromNode, LinkEnd, ToNode } from './link-protocol.js';
import { LinkedNode } from './linked-node.js';

/** The settings a node reads: the board's name, MOTD and sysop, its areas, the limits conversations enforce, and the session timers. */
type NodeSettings = Pick<BoardConfig, 'board' | 'areas' | 'limits' | 'session' | 'doors' | 'gateways' | 'files' | 'data' | 'host' | 'ports' | 'web'>;

/** The default theme ships beside src/ and dist/. */
export const DEFAULT_ART = fileURLToPath(new URL('../../art/default', import.meta.url));

/** The art every process of the board renders from: the sysop's folder over the default theme. */
export function loadArt(config: Pick<BoardConfig, 'board' | 'data'>): Promise<ArtLibrary> {
  return ArtLibrary.load([config.board.art ?? join(config.data, 'art'), DEFAULT_ART], REQUIRED_SCREENS);
}

export function makeScreens(config: Pick<BoardConfig, 'board'>, art: ArtLibrary): Screens {
  return new Screens(art, {
    board: config.board.name,
    sysop: config.board.sysop,
    // Made for the first caller: figlet and its fonts are of no use to an idle board.
    banner: () => makeBanner(config.board.name, config.board.bannerFont),
  });
}

/** What the flows need, from the config and this node's link to the rest of the board. */
function flowDeps(opts: {
  config: NodeSettings;
  store: Store;
  log: Logger;
  live: FlowDeps['live'];
  roster: FlowDeps['roster'];
  /** The board's one guard and throttle (in the gateway), never a copy per node. */
  loginGuard: PasswordGuard;
  throttle: Throttle;
  /** When the board (not this node) started, for its uptime. */
  startedAt: Date;
  doors: DoorDirectory;
  /** Where the board's web port is reached, for download links; null: no links. */
  webBase: () => string | null;
}): FlowDeps {
  const { config } = opts;
  return {
    store: opts.store,
    log: opts.log,
    loginGuard: opts.loginGuard,
    throttle: opts.throttle,
    live: opts.live,
    roster: opts.roster,
    board: { name: config.board.name, motd: config.board.motd, sysop: config.board.sysop, editor: config.board.editor },
    areas: config.areas,
    limits: config.limits,
    startedAt: opts.startedAt,
    doors: { list: config.doors, gateways: config.gateways, directory: opts.doors },
    files: new FileLibrary({ store: opts.store, areas: config.files, data: config.data, log: opts.log.child({ part: 'files' }) }),
    fileLinks: async (file, userId) => {
      const base = opts.webBase();
      return base === null ? null : { url: base + (await downloadLinkFor(opts.store, file, { id: userId })), hours: DOWNLOAD_LINK_LIFETIME_S / 3600 };
    },
    webLogin: async (userId) => {
      const base = opts.webBase();
      return base === null ? null : { url: base + (await loginLinkPath(opts.store, { id: userId })), minutes: LOGIN_LINK_LIFETIME_S / 60 };
    },
  };
}

/** One node: its lines and the runner of its conversations, talking to the gateway over `link`. */
export function startNode(opts: {
  config: NodeSettings;
  node: number;
  lines: number;
  store: Store;
  screens: Screens;
  log: Logger;
  link: LinkEnd<FromNode, ToNode>;
  /**
   * The gateway's own guard and throttle, when the node runs in the gateway's
   * process (shared with SSH); a worker node asks the gateway over its link.
   */
  loginGuard?: PasswordGuard;
  throttle?: Throttle;
  boardStartedAt: Date;
  /** Where the board's web port is reached (it may open after the node starts); default: from the config. */
  webBase?: () => string | null;
}): LinkedNode {
  const { config, store, screens } = opts;
  const log = opts.log.child({ node: opts.node });
  const host = new LinkedNode(
    opts.node,
    opts.lines,
    opts.link,
    (hooks) =>
      new Runner({
        conversation: loadedWithFirstCall(
          flowDeps({
            config,
            store,
            log,
            live: hooks.live,
            roster: hooks.roster,
            loginGuard: opts.loginGuard ?? hooks.guard,
            throttle: opts.throttle ?? hooks.throttle,
            startedAt: opts.boardStartedAt,
            doors: hooks.doors,
            webBase: opts.webBase ?? (() => downloadBase(config)),
          }),
        ),
        screens,
        clock: new SystemClock(),
        log,
        idleTimeoutMs: config.session.idleTimeoutMs,
        loginGraceMs: config.session.loginGraceMs,
        node: opts.node,
        onCallStart: hooks.onSessionChange,
        onSessionChange: hooks.onSessionChange,
        onCallEnd: hooks.onCallEnd,
      }),
    log,
  );
  host.announce();
  return host;
}

/**
 * The board's conversation, its modules (every menu and flow, some fifty of
 * them) loaded when the first caller arrives rather than at start: an idle
 * board has no use for them. Should they fail to load, that caller gets the
 * error screen and the log the cause, as for any conversation that fails,
 * and the next caller tries again.
 */
export function loadedWithFirstCall(
  deps: FlowDeps,
  load: () => Promise<{ createConversation: (deps: FlowDeps) => Conversation }> = () => import('../flows/conversation.js'),
): Conversation {
  let loaded: Promise<Conversation> | undefined;
  let ready: Conversation | undefined;
  // Once loaded, a call runs the conversation itself: no async frame of this
  // wrapper waiting on it for as long as every caller stays.
  const conversation: Conversation = (io, opened) => {
    if (ready) return opened ? ready(io, opened) : ready(io);
    loaded ??= load().then(
      (m) => (ready = m.createConversation(deps)),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    );
    return loaded.then((loadedConversation) => loadedConversation(io));
  };
  // Callers who come while it loads start the conversation at once; after that, new callers open first.
  conversation.opening = (io) => ready?.opening?.(io) ?? null;
  return conversation;
}
