import type { SessionIO } from '../session/io.js';
import type { User, WindowUse } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { writeHold } from '../rules/write-quota.js';
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
  io.screen('signup_held', { count: limit, wait: waitFor(io, use) });
  return false;
}

/**
 * Whether `user` may write another post (or mail) now: under the hourly
 * count and with storage left for `bytes` more (asked with 0 before they
 * type, and again with the message's size before it is stored). Says what the
 * cap is and when they may try again when not. The sysop has no quota.
 */
export async function mayWrite(io: SessionIO, deps: FlowDeps, user: User, kind: Writing, bytes = 0): Promise<boolean> {
  const hold = await writeHold(deps.store.quotas, deps.limits, user, kind, bytes, io.now());
  if (!hold) return true;
  if (hold.kind === 'hourly') {
    deps.log.info(`${kind} held back`, { user: user.name, count: hold.count });
    io.screen(kind === 'post' ? 'post_quota' : 'mail_quota', { count: hold.limit, wait: waitText(hold.roomAt.getTime() - io.now().getTime()) });
  } else {
    deps.log.info('storage full', { user: user.name, used: hold.usedBytes, bytes });
    io.screen(hold.full ? 'storage_full' : 'storage_too_big', { cap: hold.capKiB, used: kib(hold.usedBytes), size: kib(bytes) });
  }
  return false;
}

export { messageBytes } from '../rules/message-caps.js';

function since(io: SessionIO): Date {
  return new Date(io.now().getTime() - HOUR);
}

function waitFor(io: SessionIO, use: WindowUse): string {
  return waitText(use.roomAfter!.getTime() + HOUR - io.now().getTime());
}

/** KiB to a tenth, rounded up: a caller 10 bytes in is not told they used 0. */
function kib(bytes: number): number {
  return Math.ceil(bytes / 102.4) / 10;
}
