import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoardConfig } from './config/config.js';
import { createBoard } from './flows/board.js';
import { LoginGuard } from './flows/login-guard.js';
import { REQUIRED_SCREENS } from './flows/screen-names.js';
import type { Logger } from './logger.js';
import { ArtLibrary } from './screens/art-library.js';
import { makeBanner } from './screens/banner.js';
import { Screens } from './screens/screens.js';
import { SystemClock } from './session/clock.js';
import { LocalBus } from './session/live.js';
import { onlineEntry } from './session/roster.js';
import { Runner } from './session/runner.js';
import { openSqliteStore, type SqliteStore } from './store/sqlite-store.js';
import type { RunningListener } from './transports/listener.js';
import { ConnectionLimiter } from './transports/limits/connection-limiter.js';
import { startTcpJson } from './transports/tcpjson/tcpjson-transport.js';
import { startTelnet } from './transports/telnet/telnet-transport.js';

/** The default theme ships beside src/ and dist/. */
export const DEFAULT_ART = fileURLToPath(new URL('../art/default', import.meta.url));

export interface Board {
  listeners: RunningListener[];
  runner: Runner;
  store: SqliteStore;
  /** Goodbye to every caller, close every port, close the database. */
  stop(): Promise<void>;
}

/** Wiring only: config -> store -> screens -> runner -> transports. */
export async function startBoard(config: BoardConfig, log: Logger): Promise<Board> {
  await mkdir(config.data, { recursive: true });
  const artFolders = [config.board.art ?? join(config.data, 'art'), DEFAULT_ART];
  const art = await ArtLibrary.load(artFolders, REQUIRED_SCREENS);
  const store = openSqliteStore(join(config.data, 'bbs.db'), { backupBeforeMigrate: join(config.data, 'backups'), onBackup: (path) => log.info('database copied before upgrading it', { path }) });
  const clock = new SystemClock();
  const screens = new Screens(art, {
    board: config.board.name,
    sysop: config.board.sysop,
    banner: makeBanner(config.board.name, config.board.bannerFont),
  });
  const live = new LocalBus((err) => log.error('live event handler failed', { err }));
  const roster = { online: () => Promise.resolve(runner.sessions().map(onlineEntry)) };
  const runner: Runner = new Runner({
    conversation: createBoard({
      store,
      log,
      loginGuard: new LoginGuard(),
      live,
      roster,
      board: { name: config.board.name, motd: config.board.motd },
      limits: config.limits,
    }),
    screens,
    clock,
    log,
    idleTimeoutMs: config.session.idleTimeoutMs,
    loginGraceMs: config.session.loginGraceMs,
  });

  // The sysop's kick reaches the node that holds the caller, wherever it was given.
  live.subscribe((ev) => {
    if (ev.kind === 'kick') runner.kick(ev.sessionId);
  });

  const listeners: RunningListener[] = [];
  const ctx = { exchange: runner, log };
  // One gate for every transport: the caps count connections, whatever the wire.
  const gate = new ConnectionLimiter({ perAddress: config.limits.perAddress, total: config.limits.total });
  const host = config.host;
  try {
    if (config.ports.json !== null) listeners.push(await startTcpJson({ ...ctx, host, port: config.ports.json, gate }));
    if (config.ports.telnet !== null) listeners.push(await startTelnet({ ...ctx, host, port: config.ports.telnet, limiter: gate }));
  } catch (err) {
    await Promise.allSettled(listeners.map((l) => l.close()));
    await store.close();
    throw err;
  }
  for (const l of listeners) log.info(`listening ${l.transport} ${l.address.address}:${l.address.port}`);

  let stopping: Promise<void> | null = null;
  return {
    listeners,
    runner,
    store,
    stop: () =>
      (stopping ??= (async () => {
        await runner.shutdown();
        await Promise.allSettled(listeners.map((l) => l.close()));
        await store.close();
      })()),
  };
}
