import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a worker says: progress along the way, `ready` at a phase boundary, then its result. */
export type WorkerMessage = { type: 'ready' | 'progress'; data?: unknown } | { type: 'result'; data: unknown } | { type: 'error'; message: string };

const WORKER = fileURLToPath(new URL('../worker.ts', import.meta.url));

/**
 * A client process running one task. Load comes from processes other than
 * the board's (its memory and CPU are the board's alone), and from more than
 * one when a single process would run out of descriptors.
 */
export class Worker {
  readonly child: ChildProcess;
  readonly result: Promise<unknown>;
  private readonly inbox: WorkerMessage[] = [];
  private wake: (() => void) | null = null;

  constructor(task: string, params: unknown) {
    this.child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: WorkerMessage) => {
      this.inbox.push(m);
      this.wake?.();
    });
    this.result = new Promise((resolve, reject) => {
      this.child.on('message', (m: WorkerMessage) => {
        if (m.type === 'result') resolve(m.data);
        if (m.type === 'error') reject(new Error(`worker ${task}: ${m.message}`));
      });
      this.child.on('exit', (code) => reject(new Error(`worker ${task} exited ${code}`)));
    });
    this.result.catch(() => {});
    this.child.send({ task, params });
  }

  /** The next message of this type (earlier ones of other types are skipped). */
  async next(type: 'ready' | 'progress', timeoutMs = 300_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (at !== -1) {
        const m = this.inbox.splice(at, 1)[0]!;
        if (m.type === 'error') throw new Error(m.message);
        return 'data' in m ? m.data : undefined;
      }
      if (this.child.exitCode !== null) throw new Error(`worker exited (${this.child.exitCode}) before ${type}`);
      if (Date.now() > deadline) throw new Error(`worker sent no ${type} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 250);
      });
      this.wake = null;
    }
  }

  go(): void {
    this.child.send({ go: true });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Start `count` workers on the same task, each with its own share. */
export function startWorkers(count: number, task: string, params: (i: number) => unknown): Worker[] {
  return Array.from({ length: count }, (_, i) => new Worker(task, params(i)));
}

export async function allReady(workers: readonly Worker[], timeoutMs?: number): Promise<unknown[]> {
  return Promise.all(workers.map((w) => w.next('ready', timeoutMs)));
}

export async function allResults<T>(workers: readonly Worker[]): Promise<T[]> {
  try {
    return (await Promise.all(workers.map((w) => w.result))) as T[];
  } finally {
    for (const w of workers) w.kill();
  }
}
