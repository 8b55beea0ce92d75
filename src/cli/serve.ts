import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type BoardConfig } from '../config/config.js';
import { SETTINGS } from '../config/settings.js';
import { PortUnavailableError } from '../config/port-error.js';
import { createLogger, flushLog, type Logger } from '../logger.js';
import { startBoard, type Board } from '../main.js';
import { SchemaTooNewError } from '../store/migrate.js';
import { describeStore, StoreUnreachableError } from '../store/board-store.js';
import { HostKeyError } from '../transports/ssh/host-keys.js';
import { acquireDataLock, DataLockedError, type DataLock } from './data-lock.js';
import { startedByNpm, watchParent } from './parent-watch.js';
import { tightenDataModes } from './data-modes.js';
import { DataDirError, prepareDataDir } from './data-writable.js';

export const SERVE_HELP = `Usage: bbs serve [options]

Start the board: every transport whose port is not "off", one database (the
SQLite file in the data folder, or PostgreSQL given --database). Each setting
can also come from an environment variable or the YAML config file; flags win
over the environment, which wins over the file.

Options:
${SETTINGS.filter((s) => s.flag)
  .map((s) => `  --${`${s.flag} ${s.kind === 'port' ? 'N' : 'VALUE'}`.padEnd(22)} ${s.help}${typeof s.default === 'string' || typeof s.default === 'number' ? ` [${s.default}]` : ''}${s.env ? `\n  ${''.padEnd(23)} env ${s.env}` : ''}`)
  .join('\n')}
  --help                  show this help

Settings without a flag (environment or config file):
${SETTINGS.filter((s) => !s.flag)
  .map((s) => `  ${(s.env ?? s.key).padEnd(22)}  ${s.help}`)
  .join('\n')}

On start it prints one "listening TRANSPORT HOST:PORT" line per open port
(with --log-format json: msg "listening", and transport, host and port fields).
One board at a time per data folder: it holds DATA/bbs.lock while it runs.
SIGINT or SIGTERM: every caller gets a goodbye, the database is closed, exit 0.
Started by npm (npm start, npx bbs serve), it does the same when the npm
process that started it is gone.`;

export async function serve(argv: string[]): Promise<number> {
  const options = Object.fromEntries(SETTINGS.filter((s) => s.flag).map((s) => [s.flag!, { type: 'string' as const }]));
  const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  let config;
  try {
    config = await loadConfig({ flags: values as Record<string, string | undefined>, env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`bbs: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ format: config.log.format, level: config.log.level });
  if (!(await readyDataFolder(config.data, log))) return 1;
  // One board per data folder: a second one, or a restore, must not write under it.
  let lock;
  try {
    lock = acquireDataLock(config.data);
  } catch (err) {
    if (!(err instanceof DataLockedError)) throw err;
    console.error(`bbs serve: ${err.message}`);
    return 1;
  }
  const board = await startOrExplain(config, log, lock);
  if (!board) return 1;
  log.info('board ready', { board: config.board.name, data: config.data });
  return runUntilStopped(board, lock, log);
}

/** The data folder exists, is writable, and is private (as far as the board can make it): false when it cannot be used, said on stderr. */
async function readyDataFolder(data: string, log: Logger): Promise<boolean> {
  try {
    await prepareDataDir(data);
  } catch (err) {
    if (!(err instanceof DataDirError)) throw err;
    console.error(`bbs serve: ${err.message}`);
    return false;
  }
  const modes = await tightenDataModes(data);
  if (modes.tightened.length > 0) log.warn('took group and other access away from the data folder', { paths: modes.tightened });
  for (const { path, reason } of modes.failed)
    log.error('cannot make private: other accounts may read it', { path, reason, fix: `chown the data folder to the board's account, or chmod go= ${path}` });
  return true;
}

/** The board, or null when it cannot start for a reason the sysop can fix (a port taken, a database from a newer version), said on stderr. */
async function startOrExplain(config: BoardConfig, log: Logger, lock: DataLock): Promise<Board | null> {
  try {
    return await startBoard(config, log);
  } catch (err) {
    lock.release();
    flushLog();
    if (err instanceof PortUnavailableError) {
      console.error(`bbs serve: ${err.message}`);
      return null;
    }
    if (err instanceof StoreUnreachableError || err instanceof HostKeyError) {
      console.error(`bbs serve: ${err.message}`);
      return null;
    }
    if (!(err instanceof SchemaTooNewError)) throw err;
    console.error(`bbs serve: ${describeStore(config)}: ${err.message}`);
    return null;
  }
}

/** Serve until SIGINT, SIGTERM or (started by npm) the npm process is gone; then stop cleanly, or at once on a second signal. */
function runUntilStopped(board: Board, lock: DataLock, log: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let signals = 0;
    let unwatch = (): void => {};
    const onSignal = (signal: NodeJS.Signals | 'parent gone'): void => {
      if (++signals > 1) {
        log.warn('second signal: exiting now', { signal });
        process.exit(1);
      }
      unwatch();
      log.info('shutting down', { signal });
      board
        .stop()
        .finally(() => lock.release())
        .then(
          () => {
            log.info('stopped cleanly');
            resolve(0);
          },
          (err: unknown) => {
            log.error('shutdown failed', { err });
            resolve(1);
          },
        );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (startedByNpm(process.env)) unwatch = watchParent(() => onSignal('parent gone'));
  });
}
