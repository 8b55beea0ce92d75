import { launchBoard, type LaunchedBoard, type LaunchOptions } from '../lib/board.js';
import { sleep } from '../lib/stats.js';

/** Loopback source addresses: the per-address cap counts each, as it would count real callers' hosts. */
export const SOURCES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);

/** Caps raised for load from a handful of loopback addresses; everything else as shipped. */
export function loadBoard(opts: LaunchOptions & { lines?: number } = {}): Promise<LaunchedBoard> {
  return launchBoard({
    ...opts,
    args: ['--lines', String(opts.lines ?? 10_000), ...(opts.args ?? [])],
    env: { BBS_MAX_CONNECTIONS: '19000', BBS_MAX_PER_ADDRESS: '10000', ...opts.env },
  });
}

/** Resident memory once the board has been quiet a moment (timers fired, buffers freed). */
export async function settledRss(board: LaunchedBoard, ms = 3000): Promise<number> {
  await sleep(ms);
  return board.rssBytes();
}

export const MiB = 2 ** 20;
