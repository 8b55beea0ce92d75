import type { GuardTurn, PasswordGuard } from '../rules/login-guard.js';
import type { Throttle, ThrottleAnswer, ThrottleRule } from '../rules/throttle.js';
import type { Logger } from '../logger.js';
import type { LinkAsker } from './link-asker.js';
import type { DoorDirectory, DoorPlay } from '../session/handoff.js';

/** How long a throttled caller is told to wait when the gateway could not be asked. */
const UNANSWERED_RETRY_MS = 5000;

/** A worker node's password guard: the gateway's one guard, asked over the link. */
export class LinkedGuard implements PasswordGuard {
  constructor(
    private readonly asker: LinkAsker,
    private readonly log: Logger,
  ) {}

  /** Rejects when the gateway does not answer: the flow refuses the attempt. */
  attempt(account: string, address: string): Promise<GuardTurn> {
    return this.asker.ask({ kind: 'guard-attempt', account, address });
  }

  succeeded(account: string, address: string): void {
    // A lost "succeeded" only leaves the failures counted: the safe side.
    this.asker.ask({ kind: 'guard-succeeded', account, address }).catch((err: unknown) => this.log.warn('password guard not told of a success', { err }));
  }
}

/** A worker node's throttle: the gateway's one LocalThrottle, asked over the link. */
export class LinkedThrottle implements Throttle {
  constructor(
    private readonly asker: LinkAsker,
    private readonly log: Logger,
  ) {}

  async take(key: string, rule: ThrottleRule): Promise<ThrottleAnswer> {
    try {
      return await this.asker.ask({ kind: 'throttle-take', key, rule });
    } catch (err) {
      // No answer is no permission: a limit that cannot be checked is not lifted.
      this.log.warn('throttle not answered; refused', { key, err });
      return { ok: false, retryInMs: UNANSWERED_RETRY_MS };
    }
  }

  async peek(key: string, rule: ThrottleRule): Promise<ThrottleAnswer> {
    try {
      return await this.asker.ask({ kind: 'throttle-peek', key, rule });
    } catch (err) {
      this.log.warn('throttle not answered; refused', { key, err });
      return { ok: false, retryInMs: UNANSWERED_RETRY_MS };
    }
  }
}

/** The doors being played, as the gateway's desk knows them, asked over the link. */
export class LinkedDoors implements DoorDirectory {
  constructor(private readonly asker: LinkAsker) {}

  plays(): Promise<DoorPlay[]> {
    return this.asker.ask({ kind: 'door-plays' });
  }
}
