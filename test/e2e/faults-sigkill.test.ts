import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JsonCaller } from '../callers/json.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

const CALLERS = 50;
/** Acknowledged posts before the kill: enough that many writes are in flight when it lands. */
const BEFORE_KILL = 400;
const ENV = { BBS_MAX_PER_ADDRESS: '200' };

test('SIGKILL while 50 callers post: every acknowledged message is stored exactly once and the database is intact', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--lines', String(CALLERS + 10)], env: ENV });
  const acknowledged = new Set<string>();
  let atMenu = 0;
  let killed = false;

  const writer = async (n: number): Promise<void> => {
    const c = await JsonCaller.dial({ port: board.ports.tcpjson! });
    try {
      await c.prompt("Who's calling?", 10_000);
      c.send(`Poster${n}`);
      await c.prompt('Password:', 10_000);
      c.send('password1');
      await c.prompt('once more', 10_000);
      c.send('password1');
      await c.prompt('go on?', 20_000);
      c.send('y');
      await c.prompt('MAIN MENU', 10_000);
      atMenu++;
      for (let i = 0; !killed; i++) {
        const token = `p${n}-m${i}`;
        c.send('1');
        await c.prompt('Subject:', 5000);
        c.send('');
        await c.until('Type your message', 5000);
        c.send(`message ${token}`);
        c.send('.');
        await c.until(/Message #\d+ posted/, 5000);
        acknowledged.add(token);
        await c.prompt('MAIN MENU', 5000);
      }
    } catch {
      // The board is gone (or going): what counts is what it acknowledged.
    } finally {
      c.close();
    }
  };

  const running = Array.from({ length: CALLERS }, (_, n) => writer(n));
  // Logins hash passwords one core at a time, so wait for every writer to be posting before counting.
  await until(() => `every writer at the main menu (${atMenu} of ${CALLERS})`, () => atMenu === CALLERS, 30_000);
  const before = acknowledged.size;
  await until(() => `${BEFORE_KILL} more posts acknowledged (${acknowledged.size - before} so far)`, () => acknowledged.size >= before + BEFORE_KILL, 30_000);
  board.child.kill('SIGKILL');
  killed = true;
  await board.exited;
  await Promise.all(running);

  // The restart replays the write-ahead log; then look at the file directly.
  const restarted = await startBoardProcess({ data: board.data, env: ENV });
  assert.equal(await restarted.stop(), 0);
  const db = new Database(join(board.data, 'bbs.db'), { readonly: true });
  try {
    assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    const bodies = db.prepare('SELECT body FROM public_messages').pluck().all() as string[];
    const counts = new Map<string, number>();
    for (const body of bodies) {
      const token = /^message (p\d+-m\d+)$/.exec(body)?.[1];
      assert.ok(token, `an unexpected message body: ${JSON.stringify(body)}`);
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const missing = [...acknowledged].filter((t) => counts.get(t) !== 1);
    assert.deepEqual(missing, [], 'every acknowledged message is stored exactly once');
    for (const [token, n] of counts) assert.equal(n, 1, `${token} is stored once`);
    const writers = new Set([...acknowledged].map((t) => t.split('-')[0]));
    assert.ok(writers.size >= CALLERS * 0.9, `${writers.size} of ${CALLERS} callers got posts acknowledged`);
  } finally {
    db.close();
  }
});
