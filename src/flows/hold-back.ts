import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import type { ThrottleRule } from '../rules/throttle.js';

/**
 * A short-window limit that belongs to the account and to the address it
 * calls from, never to one visit: leaving and coming back, a second
 * connection, or another node all find the same count in the board's one
 * throttle. The address gets its own (usually wider) rule, so several
 * accounts made from one place share it.
 */
export interface HoldRule {
  /** The kind of thing counted, the first part of every key: 'chat', 'page'. */
  kind: string;
  /** None when the account's own count is kept elsewhere (in the database). */
  user?: ThrottleRule;
  address: ThrottleRule;
}

/** Null when the caller may go ahead (and it was counted), else how long until they may. */
export async function holdBack(io: SessionIO, deps: FlowDeps, user: User, rule: HoldRule): Promise<number | null> {
  if (rule.user) {
    const byUser = await deps.throttle.take(userKey(rule, user), rule.user);
    if (!byUser.ok) return byUser.retryInMs;
  }
  const byAddress = await deps.throttle.take(addressKey(rule, io), rule.address);
  return byAddress.ok ? null : byAddress.retryInMs;
}

/** Null when `holdBack` would let the caller go ahead now, else how long until it would; counts nothing. */
export async function heldBackFor(io: SessionIO, deps: FlowDeps, user: User, rule: HoldRule): Promise<number | null> {
  const answers = await Promise.all([
    rule.user ? deps.throttle.peek(userKey(rule, user), rule.user) : null,
    deps.throttle.peek(addressKey(rule, io), rule.address),
  ]);
  const waits = answers.flatMap((a) => (a && !a.ok ? [a.retryInMs] : []));
  return waits.length ? Math.max(...waits) : null;
}

function userKey(rule: HoldRule, user: User): string {
  return `${rule.kind}:user:${user.id}`;
}

function addressKey(rule: HoldRule, io: SessionIO): string {
  return `${rule.kind}:addr:${io.session.remote}`;
}
