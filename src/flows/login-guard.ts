/**
 * Failed-password back-off. Each failure from an address doubles the wait
 * that address must sit through before its next password is even checked
 * (1 s, 2 s, 4 s ... capped), so guessing is slow, while the account's owner
 * calling from anywhere else is not slowed at all. Failures are forgotten
 * after a quiet period. Memory is bounded: the oldest entries are evicted.
 */
export class LoginGuard {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly opts: { baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number; maxEntries?: number } = {
      baseDelayMs: 1000,
      maxDelayMs: 30_000,
      forgetAfterMs: 15 * 60_000,
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** How long a caller from `remote` must wait before their password is checked. */
  delayFor(remote: string): number {
    const entry = this.failures.get(remote);
    if (!entry) return 0;
    if (this.now() - entry.last > this.opts.forgetAfterMs) {
      this.failures.delete(remote);
      return 0;
    }
    return Math.min(this.opts.baseDelayMs * 2 ** (entry.count - 1), this.opts.maxDelayMs);
  }

  failed(remote: string): number {
    const entry = this.failures.get(remote);
    const count = (entry && this.now() - entry.last <= this.opts.forgetAfterMs ? entry.count : 0) + 1;
    this.failures.delete(remote);
    this.failures.set(remote, { count, last: this.now() });
    const max = this.opts.maxEntries ?? 10_000;
    if (this.failures.size > max) this.failures.delete(this.failures.keys().next().value!);
    return count;
  }

  succeeded(remote: string): void {
    this.failures.delete(remote);
  }
}
