import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startBoardProcess } from '../helpers/spawned-board.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a board started with the test context is stopped and its folder removed after the test', { timeout: 90_000 }, async (t) => {
  let board: { pid: number; data: string } | null = null;
  // The subtest stops nothing and removes nothing: its board must not outlive it.
  await t.test('forgetful', async (sub) => {
    const b = await startBoardProcess({ t: sub });
    board = { pid: b.child.pid!, data: b.data };
  });
  assert.ok(board, 'the board started');
  const { pid, data } = board as { pid: number; data: string };
  assert.equal(alive(pid), false, `board process ${pid} is gone`);
  assert.equal(existsSync(data), false, `${data} is removed`);
});
