import type { SessionIO } from '../session/io.js';
import type { Store, User, WindowUse } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { isSysop } from '../rules/levels.js';
import { waitText } from './wait-text.js';

const HOUR = 3_600_000;

/** Every quota off: for boards (benchmarks, tests of other things) that must not be held back. */
export const NO_QUOTAS = { signupsPerHour: 0, postsPerHour: 0, mailPerHour: 0, storagePerUser: 0 } as const;

type Writing = 'post' | 'mail';

/**
 * Whether this address may register another account this hour; says when it
 * may if not. Counted from the accounts table, so a burst spread over nodes,
 * or over a restart, is counted whole.
 */
export async function maySignUp(io: SessionIO, deps: FlowDeps): Promise<boolean> {
  const limit = deps.limits.signupsPerHour;
  if (limit <= 0) return true;
  const remote = io.session.remote;
  const use = await deps.store.quotas.signupsFrom(remote, since(io), limit);
  if (!use.roomAfter) return true;
  deps.log.warn('sign-up held back', { remote, transport: io.session.transport, count: use.count });
  io.screen('signup_held', { count: limit, wait: waitFor(io.now(), use) });
  return false;
}

/**
 * Whether `user` may write another post (or mail) now: under the hourly
 * count and with storage left for `bytes` more (asked with 0 before they
 * type, and again with the message's size before it is stored). Says what the
 * cap is and when they may try again when not. The sysop has no quota.
 */
export async function mayWrite(io: SessionIO, deps: FlowDeps, user: User, kind: Writing, bytes = 0): Promise<boolean> {
  const hold = await writeHold(deps, user, kind, bytes, io.now());
  if (!hold) return true;
  io.screen(hold.screen, hold.vars);
  return false;
}

/** What the quota rule reads: the store's counts and the limits. */
interface QuotaDeps {
  store: Pick<Store, 'quotas'>;
  log: Pick<FlowDeps['log'], 'info'>;
  limits: Pick<FlowDeps['limits'], 'postsPerHour' | 'mailPerHour' | 'storagePerUser'>;
}

/** Why a write is held back: the screen that says so and its figures. */
export interface WriteHold {
  screen: 'post_quota' | 'mail_quota' | 'storage_full' | 'storage_too_big';
  vars: Record<string, string | number>;
}

/**
 * The quota rule itself, for any wire (the terminal shows the screen, a
 * newsreader is told in a reply line): null when the write may go ahead.
 */
export async function writeHold(deps: QuotaDeps, user: User, kind: Writing, bytes: number, now: Date): Promise<WriteHold | null> {
  if (isSysop(user)) return null;
  const limit = kind === 'post' ? deps.limits.postsPerHour : deps.limits.mailPerHour;
  const since = new Date(now.getTime() - HOUR);
  if (limit > 0) {
    const use = kind === 'post' ? await deps.store.quotas.postsBy(user.id, since, limit) : await deps.store.quotas.mailBy(user.id, since, limit);
    if (use.roomAfter) {
      deps.log.info(`${kind} held back`, { user: user.name, count: use.count });
      return { screen: kind === 'post' ? 'post_quota' : 'mail_quota', vars: { count: limit, wait: waitFor(now, use) } };
    }
  }
  const capKiB = deps.limits.storagePerUser;
  if (capKiB > 0) {
    const used = await deps.store.quotas.bytesWritten(user.id);
    // Before typing, "full" means not one byte more fits.
    if (used + Math.max(bytes, 1) > capKiB * 1024) {
      deps.log.info('storage full', { user: user.name, used, bytes });
      const vars = { cap: capKiB, used: kib(used), size: kib(bytes) };
      return { screen: bytes > 0 && used < capKiB * 1024 ? 'storage_too_big' : 'storage_full', vars };
    }
  }
  return null;
}

/** What a message costs against the storage quota: its subject and body in UTF-8. */
export function messageBytes(body: string, subject: string | null | undefined): number {
  return Buffer.byteLength(body) + Buffer.byteLength(subject ?? '');
}

function since(io: SessionIO): Date {
  return new Date(io.now().getTime() - HOUR);
}

function waitFor(now: Date, use: WindowUse): string {
  return waitText(use.roomAfter!.getTime() + HOUR - now.getTime());
}

/** KiB to a tenth, rounded up: a caller 10 bytes in is not told they used 0. */
function kib(bytes: number): number {
  return Math.ceil(bytes / 102.4) / 10;
}
