/**
 * Finds the wrapper's end marker in a door's output. When the program
 * ends, the wrapper writes the marker to the terminal (door-launch.ts), so
 * it arrives after every byte the program wrote: everything before it is
 * the door's output, and once it is seen the door may be hung up without
 * losing its last screen (a closing pseudo-terminal drops what it still
 * holds, and a slow caller's line may keep it holding a lot).
 *
 * The marker may arrive split across reads, so a chunk that ends with the
 * start of the marker keeps that start back until the next chunk says
 * whether it goes on. It is an APC string (ESC _ ... ESC \), which
 * terminals ignore, so should one ever reach a caller it shows nothing.
 */
export class EndMarker {
  private held: Buffer = Buffer.alloc(0);

  constructor(private readonly marker: Buffer) {}

  /** The marker for a random `nonce`: no door writes it by chance. */
  static bytes(nonce: string): Buffer {
    return Buffer.from(`\x1b_mongrel-door-end:${nonce}\x1b\\`, 'latin1');
  }

  /**
   * The next chunk of output: what may go to the caller now, and whether
   * the marker was found (what follows it is dropped: only a process the
   * door left behind could have written it).
   */
  feed(chunk: Buffer): { out: Buffer; ended: boolean } {
    const data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    const at = data.indexOf(this.marker);
    if (at >= 0) return { out: data.subarray(0, at), ended: true };
    const keep = this.partialAtEnd(data);
    this.held = Buffer.from(data.subarray(data.length - keep));
    return { out: data.subarray(0, data.length - keep), ended: false };
  }

  /** Bytes kept back in case they start the marker. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Give up waiting for the rest of the marker: the kept bytes were the door's own. */
  release(): Buffer {
    const out = this.held;
    this.held = Buffer.alloc(0);
    return out;
  }

  /** How many bytes at the end of `data` are the start of the marker. */
  private partialAtEnd(data: Buffer): number {
    const longest = Math.min(this.marker.length - 1, data.length);
    // The marker starts with ESC: only an ESC near the end can start it.
    for (let from = data.length - longest; from < data.length; from++) {
      if (data[from] !== this.marker[0]) continue;
      const n = data.length - from;
      if (data.subarray(from).equals(this.marker.subarray(0, n))) return n;
    }
    return 0;
  }
}
