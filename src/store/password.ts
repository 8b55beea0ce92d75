import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { HASH_THREADS, HashWorkerPool, HashWorkersUnavailable, IDLE_STOP_MS, type HashThreadInfo, type ScryptRequest } from './hash-workers.js';

/**
 * Password hashing with scrypt, off the event loop on low-priority threads
 * (hash-workers.ts), so a wave of logins does not slow down everyone else's
 * keys. The encoded form keeps its own parameters, so they can be raised later
 * without breaking existing hashes: `scrypt$N$r$p$saltB64$hashB64`.
 */

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/**
 * A well-formed hash of no one's password. Checking a password for a name
 * that does not exist runs against this, so the answer takes as long as for a
 * real account and response time does not reveal which names exist.
 */
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(SALT_BYTES, 0x5a).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

/**
 * The hashing a store owns: its thread pool and, where threads cannot start,
 * the turns on the libuv pool. Nothing starts until the first hash, so a
 * board nobody has logged in to runs no hashing threads; close() ends the
 * threads with the store.
 */
export class PasswordHasher {
  private pool: HashWorkerPool | undefined;
  /** Hashes running on the libuv pool, and those waiting for a turn there. */
  private fallbackRunning = 0;
  private readonly fallbackWaiting: Array<() => void> = [];

  constructor(private readonly opts: { threads: number; idleMs: number } = { threads: HASH_THREADS, idleMs: IDLE_STOP_MS }) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const hash = await this.derive(password, salt, N, R, P, KEY_LENGTH);
    return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parse(encoded);
    if (!parsed) return false;
    const candidate = await this.derive(password, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.hash.length);
    return timingSafeEqual(candidate, parsed.hash);
  }

  /** What checking a real account's password costs, for a name that has none. */
  async spendVerifyTime(password: string): Promise<void> {
    await this.verify(password, DUMMY_HASH);
  }

  /** The hashing threads running now, as they saw themselves (for checking their priority). */
  threads(): HashThreadInfo[] {
    return this.pool?.info() ?? [];
  }

  /** Ends the hashing threads; hashes they were working on reject, a later hash starts fresh threads. */
  async close(): Promise<void> {
    await this.pool?.stop();
  }

  private async derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLength: number): Promise<Buffer> {
    // scrypt needs 128*N*r bytes; allow headroom over Node's 32 MiB default.
    const request: ScryptRequest = { password: password.normalize('NFC'), salt, n, r, p, keyLength, maxmem: 256 * n * r + 1024 * 1024 };
    this.pool ??= new HashWorkerPool({ size: this.opts.threads, idleMs: this.opts.idleMs });
    try {
      return await this.pool.scrypt(request);
    } catch (err) {
      if (!(err instanceof HashWorkersUnavailable)) throw err;
      return this.inFallbackTurn(() => scryptOnThreadPool(request));
    }
  }

  /**
   * Where worker threads cannot start, hashing falls back to the libuv thread
   * pool at normal priority. There, at most as many hashes as the worker pool
   * would run go at once, so a wave of logins still leaves the event loop a
   * core; the rest wait their turn in order.
   */
  private async inFallbackTurn<T>(work: () => Promise<T>): Promise<T> {
    while (this.fallbackRunning >= this.opts.threads) await new Promise<void>((resolve) => this.fallbackWaiting.push(resolve));
    this.fallbackRunning++;
    try {
      return await work();
    } finally {
      this.fallbackRunning--;
      this.fallbackWaiting.shift()?.();
    }
  }
}

function scryptOnThreadPool({ password, salt, n, r, p, keyLength, maxmem }: ScryptRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { N: n, r, p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(encoded: string): Parsed | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  const sane =
    Number.isInteger(n) && n > 1 && n <= 1 << 20 && (n & (n - 1)) === 0 &&
    Number.isInteger(r) && r > 0 && r <= 32 &&
    Number.isInteger(p) && p > 0 && p <= 16 &&
    salt.length > 0 && hash.length > 0 && hash.length <= 128;
  return sane ? { n, r, p, salt, hash } : null;
}
