import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';

/**
 * Threads that run scrypt at the lowest scheduling priority (nice 19). On the
 * libuv thread pool a wave of logins competes as an equal with the event loop
 * that answers everyone else's keys; at nice 19 the kernel hands a shared core
 * to the event loop whenever it wants one, and hashing gets what is left.
 */

/** One core fewer than the machine has (and at least one): the event loop keeps a core of its own. */
export const HASH_THREADS = Math.max(1, availableParallelism() - 1);

/** An idle board should not keep threads of several MiB each around for logins that are not coming. */
export const IDLE_STOP_MS = 30_000;

export interface ScryptRequest {
  password: string;
  salt: Buffer;
  n: number;
  r: number;
  p: number;
  keyLength: number;
  maxmem: number;
}

/**
 * worker_threads is loaded with the first login, not at start: a board that
 * nobody has logged in to yet has no use for it, and it costs idle memory.
 */
let workerConstructor: typeof Worker | undefined;
function threadClass(): typeof Worker {
  workerConstructor ??= (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).Worker;
  return workerConstructor;
}

/** Worker threads cannot be started here at all; the caller should hash some other way. */
export class HashWorkersUnavailable extends Error {}

// Plain CommonJS with node builtins only, evaluated as a string: it runs the
// same from compiled dist/*.js and from the .ts sources under tsx. Only Linux
// gives a thread its own nice value, found through /proc/thread-self
// ("PID/task/TID"); elsewhere the thread keeps normal priority and still
// keeps hashing off the event loop.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const { readlinkSync } = require('node:fs');
const { getPriority, setPriority } = require('node:os');
let tid = null;
let nice = null;
try {
  const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(id) && id > 0) {
    tid = id;
    setPriority(tid, 19);
    nice = getPriority(tid);
  }
} catch {}
parentPort.postMessage({ tid, nice });
parentPort.on('message', (job) => {
  try {
    const key = new Uint8Array(scryptSync(job.password, job.salt, job.keyLength, { N: job.n, r: job.r, p: job.p, maxmem: job.maxmem }));
    parentPort.postMessage({ key }, [key.buffer]);
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err), code: err && err.code });
  }
});
`;

type Reply =
  | { tid: number | null; nice: number | null }
  | { key: Uint8Array }
  | { error: string; code?: string };

interface Job {
  request: ScryptRequest;
  resolve: (key: Buffer) => void;
  reject: (err: Error) => void;
}

interface HashThread {
  worker: Worker;
  job: Job | null;
  online: boolean;
  /** Stopped on purpose, so its exit says nothing about whether workers can start. */
  retired: boolean;
  error: unknown;
  idleTimer: NodeJS.Timeout | undefined;
  /** What the thread found out about itself once it started. */
  info: HashThreadInfo | null;
}

export interface HashThreadInfo {
  tid: number | null;
  nice: number | null;
}

export class HashWorkerPool {
  private readonly threads = new Set<HashThread>();
  private readonly queue: Job[] = [];
  private unavailable: HashWorkersUnavailable | null = null;

  constructor(private readonly opts: { size: number; idleMs: number }) {}

  /** Rejects with HashWorkersUnavailable when no worker thread can be started. */
  scrypt(request: ScryptRequest): Promise<Buffer> {
    if (this.unavailable) return Promise.reject(this.unavailable);
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** Ends the running threads; hashes they were working on reject, later ones start fresh threads. */
  async stop(): Promise<void> {
    await Promise.all([...this.threads].map((thread) => this.retire(thread)));
  }

  /** The live threads that have started, for checking their priority. */
  info(): HashThreadInfo[] {
    return [...this.threads].flatMap((t) => (t.info ? [t.info] : []));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const thread = [...this.threads].find((t) => !t.job) ?? this.spawn();
      if (!thread) return;
      this.assign(thread, this.queue.shift() as Job);
    }
  }

  private spawn(): HashThread | null {
    if (this.threads.size >= this.opts.size) return null;
    let worker: Worker;
    try {
      // No execArgv: the worker is plain JS and needs none of the parent's loaders (tsx) or flags.
      worker = new (threadClass())(WORKER_SOURCE, { eval: true, execArgv: [] });
    } catch (err) {
      this.giveUp(err);
      return null;
    }
    const thread: HashThread = { worker, job: null, online: false, retired: false, error: undefined, idleTimer: undefined, info: null };
    this.threads.add(thread);
    worker.on('online', () => (thread.online = true));
    worker.on('message', (reply: Reply) => this.answered(thread, reply));
    // Without a listener a worker's error would be thrown in this thread; 'exit' follows and cleans up.
    worker.on('error', (err) => (thread.error = err));
    worker.on('exit', () => this.exited(thread));
    return thread;
  }

  private assign(thread: HashThread, job: Job): void {
    clearTimeout(thread.idleTimer);
    thread.job = job;
    // Held while hashing so a script that awaits one hash is not ended early, released when idle.
    thread.worker.ref();
    const { password, salt, n, r, p, keyLength, maxmem } = job.request;
    // A copy, because cloning a view sends its whole backing store, which for a
    // small Buffer is a shared pool holding other data.
    thread.worker.postMessage({ password, salt: new Uint8Array(salt), n, r, p, keyLength, maxmem });
  }

  private answered(thread: HashThread, reply: Reply): void {
    if ('tid' in reply) {
      thread.info = reply;
      return;
    }
    const job = thread.job;
    thread.job = null;
    if ('key' in reply) job?.resolve(Buffer.from(reply.key.buffer, reply.key.byteOffset, reply.key.byteLength));
    else job?.reject(Object.assign(new Error(reply.error), { code: reply.code }));
    this.pump();
    if (!thread.job) this.idle(thread);
  }

  private idle(thread: HashThread): void {
    if (thread.retired) return;
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => void this.retire(thread), this.opts.idleMs);
    thread.idleTimer.unref();
  }

  private async retire(thread: HashThread): Promise<void> {
    thread.retired = true;
    this.threads.delete(thread);
    clearTimeout(thread.idleTimer);
    await thread.worker.terminate();
  }

  private exited(thread: HashThread): void {
    this.threads.delete(thread);
    clearTimeout(thread.idleTimer);
    const job = thread.job;
    thread.job = null;
    if (!thread.online && !thread.retired) {
      this.giveUp(thread.error);
      job?.reject(this.unavailable as HashWorkersUnavailable);
    } else {
      job?.reject(new Error('password hash thread stopped before answering', { cause: thread.error }));
      this.pump();
    }
  }

  /**
   * A thread that cannot start will not start next time either (no thread
   * support, out of threads or memory); trying again for every login would
   * only add the cost of the attempt, so the pool stays out of the way.
   */
  private giveUp(cause: unknown): void {
    this.unavailable = new HashWorkersUnavailable('password hash threads cannot start', { cause });
    for (const job of this.queue.splice(0)) job.reject(this.unavailable);
  }
}
