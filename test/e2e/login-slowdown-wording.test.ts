import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialSsh, identity, SSH, SSH_INSTALL } from '../helpers/ssh-client.js';
import { startSshBoard } from '../helpers/ssh-board.js';
import { requireTool } from '../helpers/tools.js';

test('after one wrong password the back-off says "Checking in 1 second", not "1 seconds"', { timeout: 30_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  const board = await startSshBoard();
  try {
    await board.store.users.create('Slowpoke', 'right-pass');
    const first = dialSsh(board.port, 'bbs', { extra: identity(null) });
    try {
      await first.expect("Who's calling?");
      first.line('Slowpoke');
      await first.expect('Password:');
      first.line('wrong-pass');
      assert.equal(await first.exited, 4);
    } finally {
      first.kill();
    }
    const second = dialSsh(board.port, 'bbs', { extra: identity(null) });
    try {
      await second.expect("Who's calling?");
      second.line('Slowpoke');
      await second.expect('Password:');
      second.line('right-pass');
      await second.expect('Checking in 1 second...');
      assert.ok(!second.text().includes('1 seconds'));
    } finally {
      second.kill();
    }
  } finally {
    await board.stop();
  }
});
