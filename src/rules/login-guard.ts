import { nameKey } from '../store/name-key.js';

/**
 * The board's one failed-password back-off, for every wire and every node.
 *
 * Each password attempt first takes a TURN, kept per address and per
 * account. A turn is never earlier than the previous turn of the same
 * address or account, plus that key's wait (1 s, 2 s, 4 s ... doubling per
 * failure, capped). So attempts over parallel connections stand in line
 * instead of all waiting the same time: eight connections guess no faster
 * than one.
 *
 * An attempt counts as a failure from the moment it takes its turn, not from
 * when its password turns out wrong: the attempts still in line are what the
 * next one must wait behind, and an attempt whose caller hangs up while
 * waiting stays counted. A right password takes back only what belongs to
 * its own account (at that address, and the account's own count), so an
 * attacker logging in to their own account between guesses clears nothing
 * of the guesses against someone else's.
 *
 * The account's own count starts slowing callers only after a few failures
 * (`accountFreeFailures`), so one address guessing at an account does not
 * slow its owner calling from elsewhere, while many addresses guessing at
 * one account together still do.
 *
 * Memory is bounded: at most `maxEntries` addresses and as many accounts
 * (the least recently used is forgotten first), `maxAccountsPerAddress`
 * accounts remembered per address (older ones' failures stay counted but
 * can no longer be taken back), and everything is forgotten after a quiet
 * period.
 */

/** What the board's password checks need; async, because a worker node asks the gateway's copy. */
export interface PasswordGuard {
  /**
   * Take this attempt's turn. `waitMs`: how long until the password may be
   * checked; `refused`: the line is so long that the attempt is not taken at
   * all (nothing was counted; try again in `waitMs`). Rejects when the
   * guard cannot be asked: treat that as a refusal, never as no wait.
   */
  attempt(account: string, address: string): Promise<GuardTurn>;
  /** The password was right: forget this account's failures, at this address and on the account. */
  succeeded(account: string, address: string): void;
}

export interface GuardTurn {
  waitMs: number;
  refused: boolean;
  /** Failures counted from this address, this attempt included (for the log). */
  failures: number;
}

interface LoginGuardOptions {
  /** The wait after the first failure; it doubles with each further one. */
  baseDelayMs: number;
  /** The longest wait one failure adds. */
  maxDelayMs: number;
  /** An attempt whose turn would come later than this from now is refused unchecked (default: 4 longest waits, at least 2 min). */
  maxQueueMs: number;
  /** Failures forgotten after this long with no attempt. */
  forgetAfterMs: number;
  /** Failures on one account, from anywhere, before the account's own wait starts. */
  accountFreeFailures: number;
  maxEntries: number;
  maxAccountsPerAddress: number;
}

const DEFAULT_GUARD: LoginGuardOptions = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxQueueMs: 120_000,
  forgetAfterMs: 15 * 60_000,
  accountFreeFailures: 5,
  maxEntries: 50_000,
  maxAccountsPerAddress: 16,
};

/** One key's line: failures still counted and when its latest turn is. */
interface Line {
  failures: number;
  lastTurn: number;
}

interface AddressLine extends Line {
  /** Failures by account, so a success takes back only its own. */
  byAccount: Map<string, number>;
}

export class LoginGuard implements PasswordGuard {
  private readonly addresses = new Map<string, AddressLine>();
  private readonly accounts = new Map<string, Line>();
  private readonly opts: LoginGuardOptions;

  constructor(
    opts: Partial<LoginGuardOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    // The line may hold a few of the longest waits before attempts are refused outright.
    const maxDelayMs = opts.maxDelayMs ?? DEFAULT_GUARD.maxDelayMs;
    this.opts = { ...DEFAULT_GUARD, maxQueueMs: Math.max(DEFAULT_GUARD.maxQueueMs, 4 * maxDelayMs), ...opts };
  }

  attempt(account: string, address: string): Promise<GuardTurn> {
    return Promise.resolve(this.attemptNow(account, address));
  }

  attemptNow(account: string, address: string): GuardTurn {
    const now = this.now();
    const key = accountKey(account);
    const byAddress = this.line(this.addresses, address, now, () => ({ failures: 0, lastTurn: 0, byAccount: new Map<string, number>() }));
    const byAccount = this.line(this.accounts, key, now, () => ({ failures: 0, lastTurn: 0 }));
    const turn = Math.max(this.turnAfter(byAddress, this.addressDelay(byAddress), now), this.turnAfter(byAccount, this.accountDelay(byAccount), now));
    if (turn - now > this.opts.maxQueueMs) return { waitMs: turn - now - this.opts.maxQueueMs, refused: true, failures: byAddress.failures };
    byAddress.lastTurn = byAccount.lastTurn = turn;
    byAddress.failures++;
    byAccount.failures++;
    const mine = byAddress.byAccount.get(key) ?? 0;
    byAddress.byAccount.delete(key);
    byAddress.byAccount.set(key, mine + 1);
    // The oldest account's failures stay in the address's count; they just can no longer be taken back.
    if (byAddress.byAccount.size > this.opts.maxAccountsPerAddress) byAddress.byAccount.delete(byAddress.byAccount.keys().next().value!);
    return { waitMs: turn - now, refused: false, failures: byAddress.failures };
  }

  succeeded(account: string, address: string): void {
    const key = accountKey(account);
    this.accounts.delete(key);
    const line = this.addresses.get(address);
    if (!line) return;
    line.failures -= line.byAccount.get(key) ?? 0;
    line.byAccount.delete(key);
    if (line.failures <= 0) this.addresses.delete(address);
  }

  /** How long an attempt would wait now, without taking a turn. */
  waitFor(account: string, address: string): number {
    const now = this.now();
    const a = this.live(this.addresses.get(address), now);
    const c = this.live(this.accounts.get(accountKey(account)), now);
    return Math.max(a ? this.turnAfter(a, this.addressDelay(a), now) : now, c ? this.turnAfter(c, this.accountDelay(c), now) : now) - now;
  }

  /**
   * The earliest turn one key allows: its wait after its latest turn (or
   * after now, when that is past). A key with no wait to impose holds nobody
   * up, not even behind turns already given: an account's owner does not
   * queue behind one address's guesses at it until the account itself is
   * being slowed.
   */
  private turnAfter(line: Line, delay: number, now: number): number {
    return delay > 0 ? Math.max(now, line.lastTurn) + delay : now;
  }

  private addressDelay(line: Line): number {
    return this.delay(line.failures);
  }

  private accountDelay(line: Line): number {
    return this.delay(line.failures - this.opts.accountFreeFailures + 1);
  }

  /** The wait `failures` earlier failures add: none for none, then base, 2 x base ... up to the cap. */
  private delay(failures: number): number {
    if (failures <= 0) return 0;
    return Math.min(this.opts.baseDelayMs * 2 ** Math.min(failures - 1, 30), this.opts.maxDelayMs);
  }

  private live<L extends Line>(line: L | undefined, now: number): L | undefined {
    return line && now - line.lastTurn <= this.opts.forgetAfterMs ? line : undefined;
  }

  /** The key's line, fresh if it was quiet long enough, moved to the most recently used end. */
  private line<L extends Line>(map: Map<string, L>, key: string, now: number, fresh: () => L): L {
    const line = this.live(map.get(key), now) ?? fresh();
    map.delete(key);
    map.set(key, line);
    if (map.size > this.opts.maxEntries) map.delete(map.keys().next().value!);
    return line;
  }
}

/** Account names compare as the store compares them ("Zed", "zed" and fullwidth "ＺＥＤ" are one). */
function accountKey(account: string): string {
  return nameKey(account);
}
