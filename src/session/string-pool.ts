/**
 * One shared copy of strings that many callers make equal and keep: a
 * terminal's name, the name prompt drawn for a caller who has not logged in.
 * Made afresh per caller, each waiting caller holds its own copy for as long
 * as it waits; passed through a pool, they all hold the first one and the
 * fresh copy dies young. Bounded in count and length: when full the pool
 * starts over, so an endless variety (a client inventing names) costs at
 * most `limit` kept strings.
 */
export class StringPool {
  private readonly kept = new Map<string, string>();

  constructor(
    private readonly limit: number,
    private readonly longest: number,
  ) {}

  /** The pool's copy of `text`, kept from now on if it is short enough and new. */
  intern(text: string): string {
    if (text.length > this.longest) return text;
    const kept = this.kept.get(text);
    if (kept !== undefined) return kept;
    if (this.kept.size >= this.limit) this.kept.clear();
    this.kept.set(text, text);
    return text;
  }
}
