import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_PASSWORD, callerName, seedAccounts } from '../lib/accounts.js';
import { loadBoard } from '../scenarios/common.js';
import { captureFloorBytes } from './capture.js';

/** The scenarios that run their load through the floor too. */
export const FLOOR_SCENARIOS: ReadonlySet<string> = new Set(['memory', 'connect', 'round-trips', 'cycles']);

/**
 * Capture the bytes the floor replays from this run's board: a fresh load
 * board (compiled, as the scenarios run it) with one member account, called
 * by the load clients' own telnet caller. Returns the folder for launchFloor.
 */
export async function prepareFloor(work: string): Promise<string> {
  const data = await mkdtemp(join(tmpdir(), 'bbs-bench-'));
  try {
    // Account 1 is a member: the sysop's menu (the first account's) has a line the load callers never see.
    await seedAccounts(data, 1);
    const board = await loadBoard({ data });
    try {
      const dir = join(work, 'floor');
      await captureFloorBytes(board.ports.telnet!, callerName(1), BENCH_PASSWORD, dir);
      return dir;
    } finally {
      await board.stop();
    }
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}
