import { TelnetCaller } from '../../test/callers/telnet.js';
import { callerAddress } from '../lib/loopback.js';
import type { TaskContext } from './index.js';
import { DOORS_PROMPT, toDoorsMenu } from './door-caller.js';

export interface DoorFloodParams {
  port: number;
  account: number;
  /** A door that ends at once, played first so the board has loaded its door machinery before anything is measured. */
  warmDoor: number;
  /** The door that writes `bytes` zero bytes and ends. */
  floodDoor: number;
  bytes: number;
  timeoutMs: number;
}

export interface DoorFloodResult {
  /** Door bytes received (the flood's zeros, from the first one on). */
  bytes: number;
  /** From the pick of the door to its first byte, and from its first byte to the last. */
  startMs: number;
  spanMs: number;
  errors: string[];
}

/**
 * A telnet caller that reads the board as usual until a door's zero bytes
 * start, then only counts what arrives: at hundreds of megabytes, parsing
 * and keeping text would make the client, not the board, the bottleneck.
 * The flood door writes nothing but zeros, which telnet carries as they
 * are (only 0xFF is doubled), so the count past that point is the door's.
 */
class FloodCounter extends TelnetCaller {
  counted = 0;
  firstAt = 0;
  lastAt = 0;
  private counting = false;
  private want = Infinity;
  private reached: (() => void) | null = null;

  /** Resolves once `bytes` door bytes have arrived (or rejects when the line closes first). */
  countUpTo(bytes: number): Promise<void> {
    this.want = bytes;
    return new Promise((resolve, reject) => {
      this.reached = resolve;
      void this.ended.then(() => reject(new Error(`connection closed after ${this.counted} of ${bytes} bytes`)));
    });
  }

  protected override onData(chunk: Buffer): void {
    if (!this.counting) return super.onData(chunk);
    this.count(chunk.length);
  }

  protected override received(bytes: Buffer): void {
    const at = this.want === Infinity ? -1 : bytes.indexOf(0);
    if (at === -1) return super.received(bytes);
    this.counting = true;
    this.firstAt = performance.now();
    this.count(bytes.length - at);
  }

  private count(n: number): void {
    this.counted += n;
    this.lastAt = performance.now();
    if (this.counted >= this.want) this.reached?.();
  }
}

/** One caller waits at the doors menu (after a warm-up door), then on the benchmark's word plays the flood door and times its bytes. */
export async function doorFlood(p: DoorFloodParams, ctx: TaskContext): Promise<DoorFloodResult> {
  const c = new FloodCounter({ port: p.port, negotiate: true, quiet: false, localAddress: callerAddress(p.account) });
  try {
    await toDoorsMenu(c, p.account);
    c.send(String(p.warmDoor));
    await c.until('Back from', 30_000);
    await c.until(DOORS_PROMPT, 30_000);
    ctx.ready();
    await ctx.go();
    const picked = performance.now();
    const done = c.countUpTo(p.bytes);
    c.send(String(p.floodDoor));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${c.counted} of ${p.bytes} bytes in ${p.timeoutMs} ms`)), p.timeoutMs)))]).finally(() => clearTimeout(timer));
    return { bytes: c.counted, startMs: c.firstAt - picked, spanMs: c.lastAt - c.firstAt, errors: [] };
  } catch (err) {
    return { bytes: c.counted, startMs: NaN, spanMs: c.lastAt - c.firstAt, errors: [(err as Error).message.slice(0, 200)] };
  } finally {
    c.close();
  }
}
