import type { BoardConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { openBoardStore } from '../store/board-store.js';
import { parentLink } from './ipc-link.js';
import type { FromNode, ToNode } from './link-protocol.js';
import { loadArt, makeScreens, startNode } from './start-node.js';

/** What the gateway hands a worker node process at spawn. */
export interface NodeSpec {
  config: BoardConfig;
  node: number;
  lines: number;
  /** When the board started (ms), so every node reports the board's uptime. */
  boardStartedAt: number;
}

/**
 * The entry point of a worker node's child process, which `worker-pool.ts`
 * starts by this file's path: its own runner and lines over the shared SQLite
 * file, talking to the gateway only through the IPC link. Signals from the
 * terminal are the gateway's to handle: it says goodbye to callers and asks
 * each node to stop over the link.
 */
async function runWorker(): Promise<void> {
  const spec = JSON.parse(process.env.BBS_NODE_SPEC ?? 'null') as NodeSpec | null;
  if (!spec) throw new Error('node worker started without BBS_NODE_SPEC');
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  const { config } = spec;
  const log = createLogger({ format: config.log.format, level: config.log.level, base: { node: spec.node, pid: process.pid } });
  // Each node process hashes the passwords of its own callers, in a line of its own.
  const store = await openBoardStore(config, { hashing: { threads: config.limits.hashThreads, queue: config.limits.passwordQueue } });
  const screens = makeScreens(config, await loadArt(config));
  const link = parentLink<FromNode, ToNode>();
  link.onClose(() => {
    store.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  startNode({ config, node: spec.node, lines: spec.lines, store, screens, log, link, boardStartedAt: new Date(spec.boardStartedAt) });
}

runWorker().catch((err: unknown) => {
  console.error(`node worker failed: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
