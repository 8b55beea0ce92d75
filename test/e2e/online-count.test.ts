import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { startBoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/** The "Who's online N on" figure of the main menu the caller is shown after pressing ?. */
async function menuCount(c: JsonClient): Promise<number> {
  c.send('?');
  const menu = await c.expect('MAIN MENU', 'prompt');
  const found = /Who's online\D*(\d+) on/.exec(menu.msg.replace(/\x1b\[[0-9;]*m/g, ''));
  assert.ok(found, `the menu shows a count: ${menu.msg}`);
  return Number(found[1]);
}

/** The gateway announces the count once a tick: the menu may show the old one for a moment, never for long. */
function countBecomes(c: JsonClient, expected: number): Promise<number> {
  return until(`the menu to show ${expected} online`, async () => ((await menuCount(c)) === expected ? expected : false), 10_000, 50);
}

test('the main menu counts callers on every node as they come and go', { timeout: 120_000 }, async (t) => {
  // One line a node: the second caller is placed on the other node, so the count has to cross the gateway.
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '1'], t });
  const a = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(a, 'Counter', 'password1');
  assert.equal(await countBecomes(a, 1), 1);

  const b = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(b, 'Visitor', 'password1');
  assert.equal(await countBecomes(a, 2), 2, 'a caller on the other node is counted');
  assert.equal(await countBecomes(b, 2), 2, 'and sees the same figure');

  b.send('q');
  b.send('y');
  await b.expect('So long, Visitor', 'exit');
  assert.equal(await countBecomes(a, 1), 1, 'a caller who logged off is no longer counted');

  const c = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(c, 'Dropper', 'password1');
  assert.equal(await countBecomes(a, 2), 2);
  c.close();
  assert.equal(await countBecomes(a, 1), 1, 'a dropped line is no longer counted');
  a.close();
});
