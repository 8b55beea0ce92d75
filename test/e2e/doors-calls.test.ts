import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { askBoard } from '../../src/control/client.js';
import { fromWire } from '../../src/nodes/link-protocol.js';
import { SshBytes } from '../callers/byte-terminal.js';
import { TelnetClient } from '../callers/telnet.js';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { emulatedRows } from '../helpers/emulated-screen.js';
import type { BoardProcess } from '../helpers/spawned-board.js';
import { until } from '../helpers/until.js';

/**
 * A door's life beside the call: a node restarted under a game, a line
 * dropped in the middle of one and the game resumed from another wire, a
 * sysop looking in. The door is a small counter that draws its state with
 * cursor positioning, so a screen can be compared cell for cell.
 */

const COUNTER = { name: 'counter', title: 'Key Counter', command: '{nodejs}', args: [join(FIXTURES, 'key-counter.mjs')], detach_minutes: 5 };

async function who(board: BoardProcess) {
  const a = await askBoard(board.data, { cmd: 'who' });
  assert.ok(a.ok);
  return (a.callers ?? []).map(fromWire);
}

async function nodePid(board: BoardProcess, node: number): Promise<number | null> {
  const a = await askBoard(board.data, { cmd: 'nodes' });
  assert.ok(a.ok);
  return a.nodes?.find((n) => n.node === node && n.up)?.pid ?? null;
}

test('a node restarted for a deploy while a caller plays: the game goes on undisturbed, and the caller comes back to the doors menu when it ends', { timeout: 120_000 }, async (t) => {
  const board = await startDoorBoard(t, { doors: [COUNTER] }, { args: ['--nodes', '2', '--lines', '2'] });
  const c = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => c.close());
  await telnetToDoors(c, 'gamer');
  c.send('1');
  await c.waitFor('COUNT 0');
  c.type('a');
  await c.waitFor('COUNT 1');
  const [me] = await who(board);
  assert.equal(me?.doing, 'playing Key Counter');
  const before = await nodePid(board, me.node);
  const mark = c.mark();
  const restarted = await askBoard(board.data, { cmd: 'restart', node: me.node });
  assert.ok(restarted.ok, JSON.stringify(restarted));
  await until('a new process for the node', async () => {
    const pid = await nodePid(board, me.node);
    return pid !== null && pid !== before;
  }, 20_000, 50);
  // Still listed while the node behind them changed.
  assert.equal((await who(board))[0]?.user, 'gamer');
  c.type('b');
  await c.waitFor('COUNT 2');
  assert.doesNotMatch(c.text(mark), /line dropped|Redialing/i, 'the game saw nothing of the restart');
  c.type('q');
  await c.waitFor('Door number to play', { timeoutMs: 20_000 });
  c.send('');
  await c.waitFor('MAIN MENU');
  assert.equal((await who(board))[0]?.user, 'gamer');
});

test('a line dropped in a game: the same caller calls back over SSH, resumes, and sees the screen exactly as it was; the sysop watches live', { timeout: 120_000 }, async (t) => {
  const board = await startDoorBoard(t, { doors: [COUNTER] });
  // The board's first account is its sysop.
  const sysop = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => sysop.close());
  await telnetToDoors(sysop, 'boss');
  sysop.send('q');
  await sysop.waitFor('MAIN MENU');

  const player = await TelnetClient.connect(board.ports.telnet!);
  await telnetToDoors(player, 'drifter');
  const start = player.mark();
  player.send('1');
  await player.waitFor('COUNT 0');
  player.type('xyz');
  await player.waitFor('COUNT 3');
  await new Promise((r) => setTimeout(r, 200));
  const seen = await emulatedRows(player.data.subarray(start), 80, 24);
  assert.ok(seen.some((row) => row.includes('keys: xyz')), seen.join('\n'));
  player.socket.destroy();
  await until('the game kept for the caller', async () => (await who(board)).every((c) => c.user !== 'drifter'), 10_000, 50);

  const back = await SshBytes.dial(board.ports.ssh!);
  t.after(() => back.close());
  // The board's bbs@ front door, the name and password, the news; then the kept game is offered.
  await back.waitFor("Who's calling?");
  back.write('drifter\r');
  await back.waitFor('Password:');
  back.write('password1\r');
  await back.waitFor('go on?');
  back.write('y');
  await back.waitFor('still running');
  const resumed = back.mark();
  back.write('y');
  await back.waitFor('COUNT 3', { from: resumed });
  await new Promise((r) => setTimeout(r, 200));
  const again = await emulatedRows(back.data.subarray(resumed), 80, 24);
  assert.deepEqual(again, seen, 'the repainted screen is the one the caller left');
  back.write('w');
  await back.waitFor('COUNT 4');
  // Every window change reaches the door: it draws its new size.
  back.resize(100, 30);
  await back.waitFor('size 100x30');

  // The sysop looks in from the sysop menu: the same screen, then the player's next key, live.
  sysop.type('!');
  await sysop.waitFor('SYSOP MENU');
  sysop.type('d');
  await sysop.waitFor('Door to watch');
  const watching = sysop.mark();
  sysop.send('1');
  await sysop.waitFor('COUNT 4', { from: watching });
  back.write('v');
  await back.waitFor('COUNT 5');
  await sysop.waitFor('COUNT 5', { from: watching });
  sysop.type(' ');
  await sysop.waitFor('Back from Key Counter');
  back.write('q');
  await back.waitFor('Back from Key Counter');
});
