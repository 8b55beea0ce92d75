import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BoardConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { withAllocatorEnv } from './allocator-env.js';
import type { Gateway } from './gateway.js';
import { childLink } from './ipc-link.js';
import type { FromNode, LinkEnd, ToNode } from './link-protocol.js';
import type { NodeSpec } from './worker-main.js';

// Run the worker from the same kind of file this module was loaded from (compiled .js, or .ts under tsx).
const WORKER = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './worker-main.ts' : './worker-main.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const RESPAWN_DELAY_MS = 500;

/**
 * Worker node processes under the gateway: spawned at start, respawned when
 * one dies, and replaced one at a time for a deploy (the new process starts
 * with the code now on disk, takes the node's number, and the old one's
 * callers are redialed onto it).
 */
export class WorkerPool {
  private readonly current = new Map<number, ChildProcess>();
  private stopping = false;

  constructor(
    private readonly opts: {
      config: BoardConfig;
      gateway: Gateway;
      log: Logger;
      count: number;
      lines: number;
      boardStartedAt: Date;
      /** The number of this host's first node: 1, or its block's first on a board of several hosts. */
      first?: number;
    },
  ) {}

  private get first(): number {
    return this.opts.first ?? 1;
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.opts.count; i++) this.opts.gateway.expect(this.first + i, this.opts.lines);
    await Promise.all(Array.from({ length: this.opts.count }, (_, i) => this.spawn(this.first + i)));
  }

  /** Start a fresh process for this node; the gateway moves the node's callers onto it. */
  restart(node: number): Promise<void> {
    if (node < this.first || node >= this.first + this.opts.count) return Promise.reject(new Error(`no node ${node}`));
    return this.spawn(node);
  }

  pids(): Record<number, number | undefined> {
    return Object.fromEntries([...this.current].map(([n, c]) => [n, c.pid]));
  }

  /** After the gateway said goodbye through the nodes: end every worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.current.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.disconnect();
          setTimeout(() => child.kill('SIGKILL'), 2000).unref();
        }),
    );
    await Promise.all(exits);
  }

  private spawn(node: number): Promise<void> {
    const spec: NodeSpec = { config: this.opts.config, node, lines: this.opts.lines, boardStartedAt: this.opts.boardStartedAt.getTime() };
    const child = fork(WORKER, [], {
      env: withAllocatorEnv({ ...process.env, BBS_NODE_SPEC: JSON.stringify(spec) }),
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const link: LinkEnd<ToNode, FromNode> = childLink(child);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`node ${node} did not start within ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      let ready = false;
      link.onMessage((m) => {
        if (m.t !== 'ready' || ready) return;
        ready = true;
        clearTimeout(timer);
        this.current.set(node, child);
        this.opts.gateway.attach(node, m.lines, link, m.pid);
        resolve();
      });
      link.onClose((reason) => {
        clearTimeout(timer);
        if (!ready) return reject(new Error(`node ${node} failed to start: ${reason}`));
        if (this.current.get(node) !== child || this.stopping) return;
        this.current.delete(node);
        this.opts.log.warn('node process ended; starting a new one', { node, reason });
        setTimeout(() => {
          if (this.stopping || this.current.has(node)) return;
          this.spawn(node).catch((err: unknown) => this.opts.log.error('node respawn failed', { node, err }));
        }, RESPAWN_DELAY_MS).unref();
      });
    });
  }
}
