import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoardConfig } from './config/config.js';
import { LoginGuard } from './rules/login-guard.js';
import { LocalThrottle } from './rules/throttle.js';
import { boardMotd, motdAsPlainText } from './flows/motd.js';
import type { Logger } from './logger.js';
import { BoardLimits } from './nodes/board-limits.js';
import { Gateway } from './nodes/gateway.js';
import type { HostBus } from './nodes/host-bus.js';
import { LazyDoorDesk } from './doors/lazy-desk.js';
import type { FromNode, ToNode } from './nodes/link-protocol.js';
import { localLinkPair } from './nodes/local-link.js';
import { claimFirstNode } from './nodes/node-block.js';
import { hostListing, listingName } from './nodes/host-listing.js';
import { loadArt, makeScreens, startNode } from './nodes/start-node.js';
import type { WorkerPool } from './nodes/worker-pool.js';
import { explainListenError } from './config/port-error.js';
import { busyOnBoard } from './nodes/busy-elsewhere.js';
import { CONTROL_SOCKET } from './control/protocol.js';
import { startControlServer } from './control/server.js';
import type { Screens } from './screens/screens.js';
import type { CallerPort } from './session/caller.js';
import { Session } from './session/session.js';
import { formatWho } from './screens/who-table.js';
import { logStoreFailure } from './flows/store-trouble.js';
import { logBusyCall } from './store/call-log.js';
import { PRIVATE_DIR_MODE } from './store/file-modes.js';
import { openBoardStore } from './store/board-store.js';
import type { Store } from './store/types.js';
import { boardDirectory, hostsDirectory, type DirectoryInfo } from './transports/http/directory.js';
import { startHttp, type HttpPortOptions } from './transports/http/http-port.js';
import type { RunningListener } from './transports/listener.js';
import { FileLibrary } from './files/file-library.js';
import { downloadBase } from './files/download-link.js';
import { loginHint } from './web-reader/login-hint.js';
import { loginLinkPath } from './web-reader/login-link.js';
import { ConnectionLimiter } from './transports/limits/connection-limiter.js';
import { sshAccountsOf } from './transports/ssh/ssh-accounts.js';
import { startSshFromConfig } from './transports/ssh/start-from-config.js';
import { BOARD_ROUTE, startTcpJson } from './transports/tcpjson/tcpjson-transport.js';
import { serveJsonSocket } from './transports/tcpjson/json-socket.js';
import { startTelnet } from './transports/telnet/telnet-transport.js';

export { DEFAULT_ART } from './nodes/start-node.js';

export interface Board {
  listeners: RunningListener[];
  gateway: Gateway;
  store: Store;
  /** Restart one worker node with the code now on disk (only with worker nodes). */
  restartNode?: (node: number) => Promise<void>;
  /** Goodbye to every caller, close every port, close the database. */
  stop(): Promise<void>;
}

/**
 * Wiring only: config -> store -> gateway and nodes -> transports. The
 * gateway owns every socket; nodes own lines and run the conversations,
 * in this process (one node) or as worker processes.
 */
export async function startBoard(config: BoardConfig, log: Logger): Promise<Board> {
  const startedAt = new Date();
  await mkdir(config.data, { recursive: true, mode: PRIVATE_DIR_MODE });
  const art = await loadArt(config);
  const hashing = { threads: config.limits.hashThreads, queue: config.limits.passwordQueue };
  const store = await openBoardStore(config, { backupBeforeMigrate: join(config.data, 'backups'), onBackup: (path) => log.info('database copied before upgrading it', { path }), hashing });
  const screens = makeScreens(config, art);
  // One guard and one throttle for the whole board, here in the gateway: the in-process node
  // and SSH use them directly, worker nodes ask over their links. A copy per node would
  // multiply every limit by the number of nodes.
  const limits = new BoardLimits(new LoginGuard({ maxDelayMs: config.limits.passwordWaitMs }), new LocalThrottle());
  // A busy caller never reaches a node, so no conversation logs the call: the gateway and the browser port do.
  const recordBusy = (caller: { transport: string; remote: string }): void => {
    logBusyCall(store.calls, caller, new Date()).catch((err: unknown) => logStoreFailure(log, err, 'call log'));
  };
  const { files, sweep } = await openFileAreas(config, store, log);
  // Doors run here, beside the sockets, so a node restart never ends a game.
  const desk = doorDesk(config, store, log);
  const hosts = await openHostBus(config, log);
  const gateway: Gateway = new Gateway({
    log,
    desk,
    hosts,
    busyText: (caller) => renderFor(screens, caller, 'busy', busyOnBoard(gateway.nodes(), gateway.otherHosts(), caller.node)),
    redialText: (caller) => renderFor(screens, caller, 'redialing', {}),
    limits,
    onBusy: (caller) => recordBusy(caller),
  });
  let listeners: RunningListener[] = [];
  // Download links name the web port as it really opened (a port of 0 is the system's pick).
  const webBase = (): string | null => downloadBase(config, listeners.find((l) => l.transport === 'http')?.address.port ?? config.ports.http);
  const pool = await startNodes({ config, gateway, store, screens, log, limits, startedAt, webBase, firstNode: await firstNodeOfHost(hosts, store) });
  try {
    listeners = await openPorts({ config, gateway, store, log, limits, recordBusy, files, webBase });
  } catch (err) {
    await gateway.shutdown(500);
    await pool?.stop();
    await store.close();
    throw explainListenError(err, config);
  }
  logListening(listeners, log);
  const control = await startControlServer({
    path: join(config.data, CONTROL_SOCKET),
    gateway,
    log,
    ports: () => listeners.map((l) => ({ transport: l.transport, address: l.address.address, port: l.address.port })),
    restartNode: pool ? (node) => pool.restart(node) : undefined,
  });
  let stopping: Promise<void> | null = null;
  return {
    listeners,
    gateway,
    store,
    restartNode: pool ? (node) => pool.restart(node) : undefined,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(sweep);
        await gateway.shutdown();
        await desk.stopAll();
        await control.close();
        await Promise.allSettled(listeners.map((l) => l.close()));
        await pool?.stop();
        await store.close();
      })()),
  };
}

/** The bus to the board's other hosts, when the bus setting names one; the NATS client is loaded only then. */
async function openHostBus(config: BoardConfig, log: Logger): Promise<HostBus | undefined> {
  if (config.bus.length === 0) return undefined;
  const { NatsHostBus } = await import('./nodes/nats-link.js');
  const bus = new NatsHostBus({ servers: config.bus, hostId: config.hostId, boardName: config.board.name, log: log.child({ part: 'bus' }) });
  // The board opens whether or not the bus answers: this host's callers never wait for the others.
  await bus.start();
  return bus;
}

/** With other hosts, this host's nodes are numbered from its own block, so no two hosts share a node number; alone, from 1. */
async function firstNodeOfHost(hosts: HostBus | undefined, store: Store): Promise<number> {
  if (!hosts) return 1;
  try {
    return await claimFirstNode(store.nodeBlocks, hosts.hostId);
  } catch (err) {
    await hosts.close();
    await store.close();
    throw err;
  }
}

/**
 * The gateway's own view of the file areas, for SFTP and download links: it
 * makes their folders, and clears upload folders a finished transfer left
 * with no node to check them (it restarted meanwhile) within the hour.
 */
async function openFileAreas(config: BoardConfig, store: Store, log: Logger): Promise<{ files: FileLibrary; sweep: NodeJS.Timeout }> {
  const files = new FileLibrary({ store, areas: config.files, data: config.data, log: log.child({ part: 'files' }) });
  await files.prepare();
  const sweep = setInterval(() => {
    files.prepare().catch((err: unknown) => log.warn('file areas not swept', { err }));
  }, 3600_000);
  sweep.unref();
  return { files, sweep };
}

/** The door desk, loaded with the first door; it keeps each stretch a caller spends in a door for the daily limits. */
function doorDesk(config: BoardConfig, store: Store, log: Logger): LazyDoorDesk {
  return new LazyDoorDesk({
    doors: config.doors,
    gateways: config.gateways,
    log: log.child({ part: 'doors' }),
    board: { name: config.board.name, sysop: config.board.sysop ?? null },
    data: config.data,
    transferRate: config.limits.transferRate * 1024 * 1024,
    doorRate: config.limits.doorRate * 1024 * 1024,
    recordTime: (userId, door, seconds) => {
      store.doorTime.add(userId, door, seconds, new Date()).catch((err: unknown) => logStoreFailure(log, err, 'door time'));
    },
  });
}

const WEB_ROOT = new URL('../web', import.meta.url).pathname;

interface Wiring {
  config: BoardConfig;
  gateway: Gateway;
  store: Store;
  log: Logger;
  limits: BoardLimits;
}

/** One node in this process on a local link, or worker processes; the pool when there are workers. */
async function startNodes(w: Wiring & { screens: Screens; startedAt: Date; webBase: () => string | null; firstNode: number }): Promise<WorkerPool | null> {
  const { config, gateway, log, firstNode } = w;
  if (config.nodes.count === 1) {
    const [gatewayEnd, nodeEnd] = localLinkPair<ToNode, FromNode>();
    gateway.attach(firstNode, config.nodes.lines, gatewayEnd, process.pid);
    startNode({ config, node: firstNode, lines: config.nodes.lines, store: w.store, screens: w.screens, log, link: nodeEnd, loginGuard: w.limits.guard, throttle: w.limits.throttle, boardStartedAt: w.startedAt, webBase: w.webBase });
    return null;
  }
  // The worker-process code is loaded only for a board that runs several nodes.
  const { WorkerPool } = await import('./nodes/worker-pool.js');
  const pool = new WorkerPool({ config, gateway, log, count: config.nodes.count, lines: config.nodes.lines, boardStartedAt: w.startedAt, first: firstNode });
  await pool.start();
  return pool;
}

/** Every port the config opens, behind one gate; if one cannot open, those already open are closed again and the error goes on. */
async function openPorts(w: Wiring & { recordBusy: (caller: { transport: string; remote: string }) => void; files: FileLibrary; webBase: () => string | null }): Promise<RunningListener[]> {
  const { config, gateway, store, log } = w;
  const listeners: RunningListener[] = [];
  const ctx = { exchange: gateway, log, trustedProxies: config.trustedProxies };
  // One gate for every transport: the caps count connections, whatever the wire.
  const gate = new ConnectionLimiter({ perAddress: config.limits.perAddress, total: config.limits.total });
  const host = config.host;
  let wsPath: string | null = null;
  try {
    if (config.ports.json !== null) listeners.push(await startTcpJson({ ...ctx, host, port: config.ports.json, gate }));
    if (config.ports.telnet !== null) listeners.push(await startTelnet({ ...ctx, host, port: config.ports.telnet, limiter: gate }));
    const ssh = await startSshFromConfig({
      config,
      exchange: gateway,
      log,
      gate,
      accounts: sshAccountsOf(store),
      loginGuard: w.limits.guard,
      files: { library: w.files, records: store.files },
      // The whole board's callers, each marked with its host when there are several.
      who: async () => formatWho(await gateway.boardRoster(), new Date()),
      // The one callers see now: the sysop may have edited it on the board since the start.
      motd: async () => motdAsPlainText(await boardMotd(store.boardSettings, config.board.motd), { board: config.board.name, sysop: config.board.sysop }),
      webLogin: async (userId) => {
        const base = w.webBase();
        return base === null ? null : base + (await loginLinkPath(store, { id: userId }));
      },
    });
    if (ssh) {
      listeners.push(ssh.listener);
      for (const [type, fp] of Object.entries(ssh.fingerprints)) log.info(`ssh host key ${type} ${fp}`);
    }
    if (config.ports.http !== null) {
      const http = await startHttp({
        ...ctx,
        host,
        port: config.ports.http,
        webRoot: WEB_ROOT,
        limiter: gate,
        // Read per request: the phone book lists this very port, and the nodes' lines as they are now.
        directory: () => phoneBook(config, gateway, listeners, wsPath),
        isBusy: (node) => gateway.nodes().every((n) => (node !== undefined && n.node !== node) || n.free === 0 || n.draining),
        onBusy: w.recordBusy,
        jsonSocket: (socket, firstBytes) => serveJsonSocket(socket, firstBytes, { exchange: gateway, log, route: BOARD_ROUTE }),
        downloads: { store, library: w.files },
        feeds: { store, areas: config.areas, board: config.board.name, webBase: w.webBase },
        reader: readerOf(config, store, listeners),
      });
      wsPath = http.wsPath;
      listeners.push(http);
    }
    // Loaded only when the news port is on: a board without it does not hold the newsreader code.
    if (config.ports.nntp !== null) {
      const { startNntpFromConfig } = await import('./transports/nntp/start-from-config.js');
      listeners.push(await startNntpFromConfig({ config, store, log, gate, guard: w.limits.guard, port: config.ports.nntp }));
    }
  } catch (err) {
    await Promise.allSettled(listeners.map((l) => l.close()));
    throw err;
  }
  gateway.list(hostListing(config, listeners, wsPath));
  return listeners;
}

/** The web reader's view of the board; its login hint names the SSH port as it really opened (0 in the config is the system's pick). */
function readerOf(config: BoardConfig, store: Store, listeners: readonly RunningListener[]): NonNullable<HttpPortOptions['reader']> {
  const ssh = config.ports.ssh === null ? null : (listeners.find((l) => l.transport === 'ssh')?.address.port ?? config.ports.ssh);
  return { store, areas: config.areas, limits: config.limits, board: config.board.name, webUrl: config.web.url, loginHint: loginHint(config, ssh) };
}

/** The board's phone book: this host's nodes, and on a board of several hosts every live host's, each marked with its host. */
function phoneBook(config: BoardConfig, gateway: Gateway, listeners: readonly RunningListener[], wsPath: string | null): DirectoryInfo {
  const board = config.board.name;
  const host = gateway.hostId;
  if (host === undefined) return boardDirectory({ board, nodes: gateway.nodes(), listeners, jsonRoute: BOARD_ROUTE, wsPath });
  const here = { host, name: listingName(config), nodes: gateway.nodes(), listeners, wsPath };
  return hostsDirectory({ board, jsonRoute: BOARD_ROUTE, here, others: gateway.otherHosts() });
}

/** The one line per port: fields for JSON readers, `listening telnet 0.0.0.0:2323` for eyes and scripts. */
function logListening(listeners: readonly RunningListener[], log: Logger): void {
  for (const l of listeners) {
    const { address: host, port } = l.address;
    log.info('listening', { transport: l.transport, host, port }, `listening ${l.transport} ${host}:${port}`);
  }
}

/** A screen for a caller who has no conversation (the busy signal, a redial notice). */
function renderFor(screens: Screens, caller: CallerPort, name: string, vars: Record<string, string | number>): string {
  const session = new Session('gateway', caller.transport, caller.remote, caller.terminal, new Date());
  return screens.render(name, { ...vars, node: caller.node ?? '' }, session);
}
