import type { Throttle, ThrottleRule } from './throttle.js';

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

/** Whom a hold-back counts: the account and the address it calls from. */
interface HeldCaller {
  userId: number;
  remote: string;
}

/** Null when the caller may go ahead (and it was counted), else how long until they may. */
export async function holdBack(throttle: Throttle, caller: HeldCaller, rule: HoldRule): Promise<number | null> {
  if (rule.user) {
    const byUser = await throttle.take(userKey(rule, caller), rule.user);
    if (!byUser.ok) return byUser.retryInMs;
  }
  const byAddress = await throttle.take(addressKey(rule, caller), rule.address);
  return byAddress.ok ? null : byAddress.retryInMs;
}

/** Null when `holdBack` would let the caller go ahead now, else how long until it would; counts nothing. */
export async function heldBackFor(throttle: Throttle, caller: HeldCaller, rule: HoldRule): Promise<number | null> {
  const answers = await Promise.all([
    rule.user ? throttle.peek(userKey(rule, caller), rule.user) : null,
    throttle.peek(addressKey(rule, caller), rule.address),
  ]);
  const waits = answers.flatMap((a) => (a && !a.ok ? [a.retryInMs] : []));
  return waits.length ? Math.max(...waits) : null;
}

function userKey(rule: HoldRule, caller: HeldCaller): string {
  return `${rule.kind}:user:${caller.userId}`;
}

function addressKey(rule: HoldRule, caller: HeldCaller): string {
  return `${rule.kind}:addr:${caller.remote}`;
}
