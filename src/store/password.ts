import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { TurnQueue, type QueueWait, type TurnQueueCounts } from './hash-queue.js';
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

/** Password checks that may wait for a turn before a login is told the board is busy. */
const DEFAULT_HASH_QUEUE = 2000;

export interface HasherOptions {
  /** Hashes at once, each on a thread of its own; 0 for HASH_THREADS. */
  threads: number;
  idleMs: number;
  /** The longest line a login joins (see hash-queue.ts). */
  queue: number;
}

/**
 * The hashing a store owns: its line (hash-queue.ts), its thread pool and,
 * where threads cannot start, the libuv pool. Nothing starts until the
 * first hash, so a board nobody has logged in to runs no hashing threads;
 * close() ends the threads with the store.
 */
export class PasswordHasher {
  private pool: HashWorkerPool | undefined;
  private readonly opts: HasherOptions;
  /** One line for every hash, so no more run at once than there are threads, on either pool. */
  private readonly turns: TurnQueue;

  constructor(opts: Partial<HasherOptions> = {}) {
    const given = { idleMs: IDLE_STOP_MS, queue: DEFAULT_HASH_QUEUE, ...opts };
    this.opts = { ...given, threads: given.threads || HASH_THREADS };
    this.turns = new TurnQueue(this.opts.threads, this.opts.queue);
  }

  async hash(password: string, wait?: QueueWait): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const hash = await this.derive(password, salt, N, R, P, KEY_LENGTH, wait);
    return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
  }

  async verify(password: string, encoded: string, wait?: QueueWait): Promise<boolean> {
    const parsed = parse(encoded);
    if (!parsed) return false;
    const candidate = await this.derive(password, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.hash.length, wait);
    return timingSafeEqual(candidate, parsed.hash);
  }

  /** What checking a real account's password costs, for a name that has none: the same place in line, too. */
  async spendVerifyTime(password: string, wait?: QueueWait): Promise<void> {
    await this.verify(password, DUMMY_HASH, wait);
  }

  /** The line: running, waiting, served, left and refused, for the log and the tests. */
  queue(): TurnQueueCounts {
    return this.turns.counts();
  }

  /** The hashing threads running now, as they saw themselves (for checking their priority). */
  threads(): HashThreadInfo[] {
    return this.pool?.info() ?? [];
  }

  /** Ends the hashing threads; hashes they were working on reject, a later hash starts fresh threads. */
  async close(): Promise<void> {
    await this.pool?.stop();
  }

  private async derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLength: number, wait?: QueueWait): Promise<Buffer> {
    // scrypt needs 128*N*r bytes; allow headroom over Node's 32 MiB default.
    const request: ScryptRequest = { password: password.normalize('NFC'), salt, n, r, p, keyLength, maxmem: 256 * n * r + 1024 * 1024 };
    const release = await this.turns.take(wait);
    try {
      this.pool ??= new HashWorkerPool({ size: this.opts.threads, idleMs: this.opts.idleMs });
      try {
        return await this.pool.scrypt(request);
      } catch (err) {
        if (!(err instanceof HashWorkersUnavailable)) throw err;
        // Where worker threads cannot start, the libuv pool at normal priority; the turns
        // still keep it to as many hashes at once, so a wave of logins leaves the event loop a core.
        return await scryptOnThreadPool(request);
      }
    } finally {
      release();
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
