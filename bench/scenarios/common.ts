import { QUOTAS_OFF_ENV } from '../../test/helpers/spawned-board.js';
import { launchBoard, type LaunchedBoard, type LaunchOptions } from '../lib/measured-board.js';
import { sleep } from '../lib/stats.js';
import { TelnetCaller } from '../../test/callers/telnet.js';

/** Loopback source addresses: the per-address cap counts each, as it would count real callers' hosts. */
export const SOURCES = Array.from({ length: 16 }, (_, i) => `127.0.0.${i + 2}`);

/**
 * Caps raised for load from a handful of loopback addresses, and the quotas
 * off (a few accounts post thousands of messages); everything else as shipped.
 */
export function loadBoard(opts: LaunchOptions & { lines?: number } = {}): Promise<LaunchedBoard> {
  return launchBoard({
    ...opts,
    args: ['--lines', String(opts.lines ?? 10_000), ...(opts.args ?? [])],
    env: { BBS_MAX_CONNECTIONS: '19000', BBS_MAX_PER_ADDRESS: '10000', ...QUOTAS_OFF_ENV, ...opts.env },
  });
}

/** Resident memory once the board has been quiet a moment (timers fired, buffers freed). */
export async function settledRss(board: LaunchedBoard, ms = 3000): Promise<number> {
  await sleep(ms);
  return board.rssBytes();
}

export const MiB = 2 ** 20;

/**
 * A few callers who reach the name prompt and hang up. The board loads its
 * conversation, parses its art and draws its banner for its first callers,
 * not at start; figures about every caller (latency, memory per caller) are
 * taken after this, so that one-time work is not charged to them.
 */
export async function warmUp(board: LaunchedBoard, calls = 50): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next++ < calls) {
        const c = new TelnetCaller({ port: board.ports.telnet!, negotiate: true });
        try {
          await c.until("Who's calling?", 30_000);
        } finally {
          c.close();
        }
      }
    }),
  );
}
