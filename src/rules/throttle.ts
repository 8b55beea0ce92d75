import { RateLimit } from './rate-limit.js';

/**
 * Limits that belong to an account or an address, not to one visit: how many
 * chat lines, pages, posts or sign-ups fit in a window. Asked with a key that
 * names both the kind and who (`chat:user:12`, `signup:addr:10.0.0.7`), so a
 * caller who leaves and comes back, or calls on another node, finds the same
 * count. Async, so that the one board-wide copy can live in the gateway and
 * nodes in other processes ask it over their link.
 */
export interface Throttle {
  take(key: string, rule: ThrottleRule): Promise<ThrottleAnswer>;
  /** Whether `take` would be allowed now, counting nothing: so a flow does not offer what it would refuse. */
  peek(key: string, rule: ThrottleRule): Promise<ThrottleAnswer>;
}

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export type ThrottleAnswer = { ok: true } | { ok: false; retryInMs: number };

/** Keys remembered at once; the least recently used is forgotten first. */
const MAX_KEYS = 50_000;

/** The board's throttle in the process that holds it: a sliding window per key. */
export class LocalThrottle implements Throttle {
  private readonly windows = new Map<string, RateLimit>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  take(key: string, rule: ThrottleRule): Promise<ThrottleAnswer> {
    return Promise.resolve(this.takeNow(key, rule));
  }

  peek(key: string, rule: ThrottleRule): Promise<ThrottleAnswer> {
    return Promise.resolve(this.peekNow(key, rule));
  }

  peekNow(key: string, rule: ThrottleRule): ThrottleAnswer {
    const window = this.windows.get(key);
    // A key never seen, or counted under another rule, starts afresh at its next take.
    if (!window || window.limit !== rule.limit || window.windowMs !== rule.windowMs) return { ok: true };
    const wait = window.retryIn(this.now());
    return wait === 0 ? { ok: true } : { ok: false, retryInMs: wait };
  }

  takeNow(key: string, rule: ThrottleRule): ThrottleAnswer {
    const now = this.now();
    let window = this.windows.get(key);
    if (window && (window.limit !== rule.limit || window.windowMs !== rule.windowMs)) window = undefined;
    if (window) this.windows.delete(key);
    window ??= new RateLimit(rule.limit, rule.windowMs);
    this.windows.set(key, window);
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    return window.take(now) ? { ok: true } : { ok: false, retryInMs: window.retryIn(now) };
  }
}
