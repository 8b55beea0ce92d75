import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createConversation } from '../../src/flows/conversation.js';
import type { FlowDeps } from '../../src/flows/deps.js';
import { LoginGuard } from '../../src/rules/login-guard.js';
import { NO_QUOTAS } from '../../src/flows/quotas.js';
import { LocalThrottle } from '../../src/rules/throttle.js';
import { REQUIRED_SCREENS } from '../../src/flows/screen-names.js';
import type { Logger } from '../../src/logger.js';
import { DEFAULT_ART } from '../../src/main.js';
import { ArtLibrary } from '../../src/screens/art-library.js';
import { makeBanner } from '../../src/screens/banner.js';
import { Screens } from '../../src/screens/screens.js';
import { SystemClock } from '../../src/session/clock.js';
import type { Exchange } from '../../src/session/caller.js';
import type { InputEvent } from '../../src/session/events.js';
import { LocalBus } from '../../src/session/live.js';
import { Runner } from '../../src/session/runner.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { ConnectionGate, RunningListener } from '../../src/transports/listener.js';
import { loadOrCreateHostKeys, type HostKeys } from '../../src/transports/ssh/host-keys.js';
import { sshAccountsOf } from '../../src/transports/ssh/ssh-accounts.js';
import { startSsh, type SshTransportOptions } from '../../src/transports/ssh/ssh-transport.js';
import { formatWho } from '../../src/screens/who-table.js';
import { onlineEntry } from '../../src/session/roster.js';

export const TEST_MOTD = 'Test board: be excellent to each other.';

export interface SshBoard {
  port: number;
  data: string;
  runner: Runner;
  store: SqliteStore;
  hostKeys: HostKeys;
  listener: RunningListener;
  /** Log lines, as "level message {fields}". */
  logs: string[];
  /** Every input event the transport gave each call, by call id. */
  inputs: Map<string, InputEvent[]>;
  stop(): Promise<void>;
}

export interface SshBoardOptions {
  preauthTimeoutMs?: number;
  maxAuthAttempts?: number;
  gate?: ConnectionGate;
  host?: string;
  /** The board's failed-password back-off on SSH logins too (default on). */
  passwordBackoff?: boolean;
  /** How the transport loads ssh2 on the first caller (default: as the board does). */
  loadServer?: SshTransportOptions['loadServer'];
  /** Given the test's context, the board is stopped and its folder removed after the test, whatever happened. */
  t?: Pick<TestContext, 'after'>;
}

/**
 * The board's real conversation, runner, store and art behind the SSH
 * transport, in this process, on port 0, with its database in a temporary
 * data folder that `bbs key` can open too.
 */
export async function startSshBoard(opts: SshBoardOptions = {}): Promise<SshBoard> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-ssh-'));
  const logs: string[] = [];
  const log = capture(logs);
  const store = openSqliteStore(join(data, 'bbs.db'));
  const art = await ArtLibrary.load([DEFAULT_ART], REQUIRED_SCREENS);
  const screens = new Screens(art, { board: 'Test BBS', sysop: 'sysop', banner: makeBanner('Test BBS', 'Standard') });
  const deps: FlowDeps = {
    store,
    log,
    loginGuard: new LoginGuard(),
    throttle: new LocalThrottle(),
    live: new LocalBus(),
    roster: { online: () => Promise.resolve([]), count: () => Promise.resolve(0) },
    board: { name: 'Test BBS', motd: TEST_MOTD, editor: 'line' },
    limits: { messageLines: 50, lineLength: 200, minPasswordLength: 6, ...NO_QUOTAS },
  };
  const runner = new Runner({
    conversation: createConversation(deps),
    screens,
    clock: new SystemClock(),
    log,
    idleTimeoutMs: 60_000,
    loginGraceMs: 60_000,
  });
  const hostKeys = await loadOrCreateHostKeys(data);
  const inputs = new Map<string, InputEvent[]>();
  const exchange: Exchange = {
    dial(caller) {
      const handle = runner.dial(caller);
      const seen: InputEvent[] = [];
      inputs.set(handle.id, seen);
      return { id: handle.id, input: (ev) => (seen.push(ev), handle.input(ev)) };
    },
  };
  const listener = await startSsh({
    exchange,
    log,
    host: opts.host ?? '127.0.0.1',
    port: 0,
    gate: opts.gate,
    accounts: sshAccountsOf(store),
    hostKeys,
    frontDoorUser: 'bbs',
    preauthTimeoutMs: opts.preauthTimeoutMs,
    maxAuthAttempts: opts.maxAuthAttempts,
    loginGuard: opts.passwordBackoff === false ? undefined : deps.loginGuard,
    who: () => formatWho(runner.sessions().map(onlineEntry), new Date()),
    motd: () => TEST_MOTD,
    loadServer: opts.loadServer,
  });
  let stopping: Promise<void> | null = null;
  const board: SshBoard = {
    port: listener.address.port,
    data,
    runner,
    store,
    hostKeys,
    listener,
    logs,
    inputs,
    // Once only: the test may stop it itself before its teardown does.
    stop() {
      stopping ??= (async () => {
        await runner.shutdown(500);
        await listener.close();
        await store.close();
        await rm(data, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  opts.t?.after(() => board.stop());
  return board;
}

function capture(lines: string[]): Logger {
  const make = (base: Record<string, unknown>): Logger => {
    const emit = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
      if (lines.length < 5000) lines.push(`${level} ${msg} ${JSON.stringify({ ...base, ...fields }, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`);
    };
    return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (f) => make({ ...base, ...f }) };
  };
  return make({});
}
