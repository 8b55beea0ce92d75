import type { Logger } from '../../logger.js';
import { addressKey } from './connection-limiter.js';

/**
 * Refusals, logged in summary: a flood of refused connections must not become
 * a flood of log lines. An address's first refusal is logged at once, with
 * its reason; further refusals from it are counted and written as one line
 * per address per interval ("refused N connections from ADDRESS in the last
 * 10 s"). The address is forgotten after an interval with no refusals. At
 * most `maxAddresses` are tracked; refusals from further addresses are summed
 * into one line of their own, so memory stays bounded whoever floods.
 */

const REFUSAL_LOG_INTERVAL_MS = 10_000;
const REFUSAL_LOG_MAX_ADDRESSES = 1000;

interface RefusalLogOptions {
  intervalMs?: number;
  maxAddresses?: number;
}

interface Pending {
  count: number;
  reason: string;
  /** First logged in this interval: kept through the next flush even with nothing more to say. */
  fresh?: boolean;
}

export class RefusalLog {
  private readonly intervalMs: number;
  private readonly maxAddresses: number;
  private readonly byAddress = new Map<string, Pending>();
  private others: Pending = { count: 0, reason: '' };
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    opts: RefusalLogOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? REFUSAL_LOG_INTERVAL_MS;
    this.maxAddresses = opts.maxAddresses ?? REFUSAL_LOG_MAX_ADDRESSES;
  }

  /** Addresses being tracked now (for tests of the bound). */
  get tracked(): number {
    return this.byAddress.size;
  }

  /** One connection from `remote` was refused for `reason`. */
  note(remote: string, reason: string): void {
    // Counted as the caps count, so an IPv6 flood from one /64 is one line.
    const key = addressKey(remote);
    const pending = this.byAddress.get(key);
    if (pending) {
      pending.count++;
      pending.reason = reason;
    } else if (this.byAddress.size < this.maxAddresses) {
      this.log.warn(`refused a connection from ${key}`, { remote: key, reason });
      this.byAddress.set(key, { count: 0, reason, fresh: true });
    } else {
      this.others.count++;
      this.others.reason = reason;
    }
    this.timer ??= setInterval(() => this.flush(), this.intervalMs).unref();
  }

  /** Write one line per address refused since the last flush; forget the quiet ones. */
  flush(): void {
    const seconds = Math.round(this.intervalMs / 1000);
    for (const [key, pending] of this.byAddress) {
      if (pending.count === 0) {
        if (pending.fresh) pending.fresh = false;
        else this.byAddress.delete(key);
        continue;
      }
      pending.fresh = false;
      this.log.warn(`refused ${connections(pending.count)} from ${key} in the last ${seconds} s`, { remote: key, count: pending.count, reason: pending.reason });
      pending.count = 0;
    }
    if (this.others.count > 0) {
      this.log.warn(`refused ${connections(this.others.count)} from other addresses in the last ${seconds} s`, {
        count: this.others.count,
        reason: this.others.reason,
      });
      this.others = { count: 0, reason: '' };
    }
    if (this.byAddress.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Write what is pending and stop the timer. */
  close(): void {
    this.flush();
    this.byAddress.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function connections(n: number): string {
  return n === 1 ? '1 connection' : `${n} connections`;
}
