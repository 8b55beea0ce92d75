import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { telnetRegister } from '../callers/telnet.js';

let board: BoardProcess;
before(async () => {
  // The shortest idle limit the board takes: the warning comes half-way, 5 s before the hang-up.
  board = await startBoardProcess({ env: { BBS_IDLE_TIMEOUT: '10', BBS_EDITOR: 'line' } });
});
after(async () => {
  await board?.stop();
});

test('a quiet caller is warned before the idle hang-up, over the line they were typing, which stays theirs', { timeout: 60_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Quinn');
  c.type('1');
  await c.waitFor('Subject:');
  c.type('Quiet\r\n');
  await c.waitFor(/ 1: /);
  const typedAt = Date.now();
  c.type('half a li');
  await c.waitFor('half a li');
  const warned = await c.waitFor('Still there? The board hangs up in 5 seconds if you stay quiet.', { timeoutMs: 9000 });
  const waited = Date.now() - typedAt;
  assert.ok(waited >= 4000 && waited < 8000, `warned after ${waited} ms, near 5 s`);
  // The warning is printed above the open prompt, which is drawn again with what was typed.
  await c.waitFor('half a li', { from: warned });
  assert.ok(!c.closed, 'still connected');

  // Answering puts the limit back to its full length: the line finishes as it was begun.
  c.type('ne\r\n');
  c.line('.');
  await c.waitFor(/Message #\d+ posted/);
  await c.waitFor(/> $/);
  c.type('2');
  await c.waitFor('half a line');
  await c.waitFor(/> $/);

  // Quiet again at the menu: one warning, then the hang-up about five seconds later.
  const quietFrom = c.mark();
  const warnedAgain = await c.waitFor('Still there?', { from: quietFrom, timeoutMs: 9000 });
  const warnedTime = Date.now();
  await c.waitFor('quiet too long', { from: warnedAgain, timeoutMs: 9000 });
  const lastStretch = Date.now() - warnedTime;
  assert.ok(lastStretch >= 4000 && lastStretch < 8000, `hung up ${lastStretch} ms after the warning`);
  assert.equal(c.text(quietFrom).split('Still there?').length - 1, 1, 'warned once');
  await c.ended;
});
