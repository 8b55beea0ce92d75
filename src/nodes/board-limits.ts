import type { LoginGuard } from '../rules/login-guard.js';
import type { LocalThrottle, ThrottleRule } from '../rules/throttle.js';
import type { BoardAnswer, BoardAsk } from './link-protocol.js';

/** Longest account name, address or throttle key a node may ask about; anything longer is no question. */
const MAX_FIELD = 512;

/**
 * The limits kept once for the whole board, in the gateway's process: the
 * password guard and the throttle. The in-process node and SSH use them
 * directly; worker nodes ask through `answer`. Null for a malformed ask.
 */
export class BoardLimits {
  constructor(
    readonly guard: LoginGuard,
    readonly throttle: LocalThrottle,
  ) {}

  answer(ask: BoardAsk): BoardAnswer | null {
    switch (ask.kind) {
      case 'guard-attempt':
        return fields(ask.account, ask.address) ? this.guard.attemptNow(ask.account, ask.address) : null;
      case 'guard-succeeded':
        if (!fields(ask.account, ask.address)) return null;
        this.guard.succeeded(ask.account, ask.address);
        return true;
      case 'throttle-take':
        return saneRule(ask.key, ask.rule) ? this.throttle.takeNow(ask.key, ask.rule) : null;
      case 'throttle-peek':
        return saneRule(ask.key, ask.rule) ? this.throttle.peekNow(ask.key, ask.rule) : null;
      default:
        return null;
    }
  }
}

/** A throttle question off the link: a key of sane length and a rule of positive numbers. */
function saneRule(key: unknown, rule: ThrottleRule | undefined): boolean {
  return fields(key) && rule !== undefined && Number.isSafeInteger(rule.limit) && rule.limit > 0 && Number.isFinite(rule.windowMs) && rule.windowMs > 0;
}

function fields(...values: unknown[]): boolean {
  return values.every((v) => typeof v === 'string' && v.length <= MAX_FIELD);
}
