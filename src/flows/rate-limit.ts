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
}
