/**
 * At most `limit` events in any `windowMs`: a sliding window of the last
 * `limit` times, so memory stays fixed whatever the caller does.
 */
export class RateLimit {
  private readonly times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Count one event at `now` if the window has room; false (and nothing counted) if not. */
  take(now: number): boolean {
    while (this.times.length && now - this.times[0]! >= this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** How long until the window has room again (0 when it has room now). */
  retryIn(now: number): number {
    if (this.times.length < this.limit) return 0;
    return Math.max(0, this.times[0]! + this.windowMs - now);
  }
}
