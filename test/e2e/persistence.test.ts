import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, logInAndEnter, registerAndEnter } from '../callers/json.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { until } from '../helpers/until.js';

test('users and messages survive a clean restart; SIGTERM says goodbye and exits 0', { timeout: 60_000 }, async () => {
  const first = await startBoardProcess();
  const c = await JsonClient.dial(first.ports.tcpjson!);
  await registerAndEnter(c, 'Keeper', 'remember-me');
  c.send('1');
  await c.answer('Subject:', '');
  await c.expect('Type your message');
  c.send('Written before the restart.');
  c.send('.');
  await c.expect(/Message #\d+ posted/);
  await c.expect('MAIN MENU', 'prompt');
  const idle = await JsonClient.dial(first.ports.tcpjson!);
  await idle.expect("Who's calling?", 'prompt');

  const started = Date.now();
  assert.equal(await first.stop('SIGTERM'), 0);
  assert.ok(Date.now() - started < 5000, 'graceful shutdown is quick');
  await c.expect('taking the board down', 'exit');
  await idle.expect('taking the board down', 'exit');

  const second = await startBoardProcess({ data: first.data });
  const again = await JsonClient.dial(second.ports.tcpjson!);
  await logInAndEnter(again, 'keeper', 'remember-me');
  again.send('2');
  await again.expect('Written before the restart.');
  again.close();
  assert.equal(await second.stop('SIGINT'), 0);
});

test('SIGKILL while callers post: every acknowledged message is there exactly once', { timeout: 90_000 }, async () => {
  const board = await startBoardProcess();
  const acknowledged = new Set<string>();
  const writers = 6;
  let atMenu = 0;
  let killed = false;

  const writer = async (n: number): Promise<void> => {
    const c = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(c, `Writer${n}`, 'password1');
    atMenu++;
    for (let i = 0; !killed; i++) {
      const token = `w${n}-m${i}`;
      try {
        c.send('1');
        await c.answer('Subject:', '');
        await c.expect('Type your message');
        c.send(`message ${token}`);
        c.send('.');
        await c.expect(/Message #\d+ posted/, undefined, 3000);
        acknowledged.add(token);
        await c.expect('MAIN MENU', 'prompt', 3000);
      } catch {
        return; // the board is gone
      }
    }
  };
  const running = Array.from({ length: writers }, (_, n) => writer(n));
  // Logins hash passwords one core at a time: let every writer reach the menu before counting toward the kill.
  await until(() => `every writer at the main menu (${atMenu} of ${writers})`, () => atMenu === writers, 40_000);
  const before = acknowledged.size;
  await until(() => `60 more posts acknowledged (${acknowledged.size - before} so far)`, () => acknowledged.size >= before + 60, 30_000);
  board.child.kill('SIGKILL');
  killed = true;
  await board.exited;
  await Promise.allSettled(running);

  // A restart recovers the database; then count what is stored.
  const restarted = await startBoardProcess({ data: board.data });
  await restarted.stop();
  const store = openSqliteStore(join(board.data, 'bbs.db'));
  try {
    const stored = await store.publicMessages.listNewestFirst(100_000);
    const counts = new Map<string, number>();
    for (const m of stored) {
      const token = /message (w\d+-m\d+)/.exec(m.body)?.[1];
      if (token) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const token of acknowledged) assert.equal(counts.get(token), 1, `${token} stored exactly once`);
    for (const [token, n] of counts) assert.equal(n, 1, `${token} stored once`);
    assert.ok(acknowledged.size >= 60);
  } finally {
    await store.close();
  }
});
