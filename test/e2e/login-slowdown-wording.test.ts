import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dialSsh, identity, SSH, SSH_INSTALL } from '../helpers/ssh-client.js';
import { startSshBoard } from '../helpers/ssh-board.js';
import { requireTool } from '../helpers/tools.js';

test('after one wrong password the back-off says "Checking in 1 second", not "1 seconds", nor "too many"', { timeout: 30_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'the ssh client', SSH_INSTALL)) return;
  const board = await startSshBoard();
  try {
    await board.store.users.create('Slowpoke', 'right-pass');
    const c = dialSsh(board.port, 'bbs', { extra: identity(null) });
    try {
      await c.expect("Who's calling?");
      c.line('Slowpoke');
      await c.expect('Password:');
      c.line('wrong-pass');
      await c.expect('2 tries left');
      await c.expect('Password:');
      c.line('right-pass');
      await c.expect('Checking in 1 second...');
      await c.expect('go on?');
      assert.ok(!c.text().includes('1 seconds'));
      assert.ok(!/too many/i.test(c.text()));
    } finally {
      c.kill();
    }
  } finally {
    await board.stop();
  }
});
