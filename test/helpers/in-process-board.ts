import { createConversation } from '../../src/flows/conversation.js';
import type { FlowDeps } from '../../src/flows/deps.js';
import { LoginGuard } from '../../src/rules/login-guard.js';
import { NO_QUOTAS } from '../../src/flows/quotas.js';
import { LocalThrottle } from '../../src/rules/throttle.js';
import { REQUIRED_SCREENS } from '../../src/flows/screen-names.js';
import { silentLogger } from '../../src/logger.js';
import { DEFAULT_ART } from '../../src/main.js';
import { ArtLibrary } from '../../src/screens/art-library.js';
import { makeBanner } from '../../src/screens/banner.js';
import { Screens } from '../../src/screens/screens.js';
import { SystemClock } from '../../src/session/clock.js';
import { LocalBus } from '../../src/session/live.js';
import { onlineEntry } from '../../src/session/roster.js';
import { Runner } from '../../src/session/runner.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { FakeCaller } from './fake-caller.js';

type DialPatch = Parameters<typeof FakeCaller.dial>[1];

export interface Harness {
  runner: Runner;
  store: SqliteStore;
  deps: FlowDeps;
  dial(patch?: DialPatch): FakeCaller;
  /** A new caller who signs up as `name` (password "password1") and waits at the main menu. */
  register(name: string, patch?: DialPatch): Promise<FakeCaller>;
  /** A new call to the existing account `name` (password "password1"), logged in and at the main menu. */
  logIn(name: string, patch?: DialPatch): Promise<FakeCaller>;
  close(): Promise<void>;
}

/** The real board conversation on an in-memory store, with scripted callers and no wires. */
export interface HarnessOptions {
  limits?: Partial<FlowDeps['limits']>;
  loginGuard?: LoginGuard;
  idleTimeoutMs?: number;
  /** The sysop's message areas (default: the config's defaults). */
  areas?: FlowDeps['areas'];
  /** The account board.sysop names. */
  sysop?: string;
  startedAt?: Date;
  /** The file library the flows use (none: no file areas). */
  files?: (store: FlowDeps['store']) => FlowDeps['files'];
}

export async function boardHarness(patch: HarnessOptions = {}): Promise<Harness> {
  const store = openSqliteStore(':memory:');
  const art = await ArtLibrary.load([DEFAULT_ART], REQUIRED_SCREENS);
  const screens = new Screens(art, { board: 'Test BBS', sysop: 'sysop', banner: makeBanner('Test BBS', 'Standard') });
  const live = new LocalBus();
  const deps: FlowDeps = {
    store,
    log: silentLogger,
    live,
    roster: { online: () => Promise.resolve(runner.sessions().map(onlineEntry)), count: () => Promise.resolve(runner.sessions().length) },
    loginGuard: patch.loginGuard ?? new LoginGuard(),
    throttle: new LocalThrottle(),
    board: { name: 'Test BBS', motd: 'Test news.', ...(patch.sysop === undefined ? {} : { sysop: patch.sysop }) },
    ...(patch.areas === undefined ? {} : { areas: patch.areas }),
    ...(patch.startedAt === undefined ? {} : { startedAt: patch.startedAt }),
    ...(patch.files === undefined ? {} : { files: patch.files(store) }),
    limits: { messageLines: 50, lineLength: 200, minPasswordLength: 6, ...NO_QUOTAS, ...patch.limits },
  };
  // eslint-disable-next-line prefer-const -- the roster above reads it once calls exist
  let runner: Runner;
  runner = new Runner({
    conversation: createConversation(deps),
    screens,
    clock: new SystemClock(),
    log: silentLogger,
    idleTimeoutMs: patch.idleTimeoutMs ?? 60_000,
    loginGraceMs: 60_000,
  });
  live.subscribe((ev) => {
    if (ev.kind === 'kick') runner.kick(ev.sessionId);
  });
  const dial = (p?: DialPatch): FakeCaller => FakeCaller.dial(runner, p);
  return {
    runner,
    store,
    deps,
    dial,
    register: async (name, p) => {
      const c = dial(p);
      await register(c, name);
      return c;
    },
    logIn: async (name, p) => {
      const c = dial(p);
      await logIn(c, name);
      return c;
    },
    close: async () => {
      await runner.shutdown(200);
      await store.close();
    },
  };
}

/** Register through the real flow and stop at the main menu. */
export async function register(c: FakeCaller, name: string, password = 'password1'): Promise<void> {
  await c.answer("Who's calling?", name);
  await c.answer('Password:', password);
  await c.answer('once more', password);
  await c.answer('go on?', '');
  await c.expect('MAIN MENU', 'prompt');
}

export async function logIn(c: FakeCaller, name: string, password = 'password1'): Promise<void> {
  await c.answer("Who's calling?", name);
  await c.answer('Password:', password);
  await c.answer('go on?', 'y');
  await c.expect('MAIN MENU', 'prompt');
}
