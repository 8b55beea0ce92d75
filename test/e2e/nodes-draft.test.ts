import { test } from 'node:test';
import assert from 'node:assert/strict';
import { askBoard } from '../../src/control/client.js';
import { fromWire } from '../../src/nodes/link-protocol.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { telnetRegister, type TelnetClient } from '../callers/telnet.js';

/**
 * A node restarted for a deploy while a telnet caller is typing: what they
 * typed survives on the node that takes the call over, and no keystroke
 * meant for one screen is run on another.
 */

async function nodeOf(board: BoardProcess, name: string): Promise<number> {
  const a = await askBoard(board.data, { cmd: 'who' });
  assert.ok(a.ok);
  const me = (a.callers ?? []).map(fromWire).find((c) => c.user === name);
  assert.ok(me, `${name} is online`);
  return me.node;
}

/** The messages a stopped board keeps, newest first. */
async function storedBodies(board: BoardProcess): Promise<string[]> {
  const { openSqliteStore } = await import('../../src/store/sqlite-store.js');
  const store = openSqliteStore(`${board.data}/bbs.db`);
  try {
    return (await store.publicMessages.listNewestFirst(10)).map((m) => m.body);
  } finally {
    await store.close();
  }
}

/** Restart the caller's node and wait until the board says the line dropped. */
async function restartUnder(board: BoardProcess, c: TelnetClient, name: string): Promise<void> {
  const from = c.mark();
  const restarted = askBoard(board.data, { cmd: 'restart', node: await nodeOf(board, name) });
  await c.waitFor('The line dropped. Redialing', { from, timeoutMs: 15_000 });
  const answer = await restarted;
  assert.ok(answer.ok, JSON.stringify(answer));
}

test('a node restart mid-message: the telnet caller is back in the editor with their lines and half line, and the message keeps all of them', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '2'], env: { BBS_EDITOR: 'line' } });
  let stored: string[] = [];
  try {
    const c = await telnetRegister(board.ports.telnet!, 'Drafter');
    c.type('1');
    await c.waitFor('Subject:');
    c.type('Restarts\r\n');
    await c.waitFor('Type your message');
    for (const [i, line] of ['first line', 'second line', 'third line'].entries()) {
      await c.waitFor(`${i + 1}: `);
      c.line(line);
    }
    await c.waitFor(' 4: ');
    c.type('fourth li');
    await c.waitFor('fourth li');
    await restartUnder(board, c, 'Drafter');
    const back = c.mark();
    await c.waitFor('your message so far:', { timeoutMs: 15_000 });
    await c.waitFor('third line');
    // The same line 4, with what was typed on it before the restart.
    await c.waitFor(/ 4: fourth li$/);
    assert.doesNotMatch(c.text(back), /MAIN MENU/, 'not dropped at the main menu');
    c.line('ne');
    await c.waitFor(' 5: ');
    c.line('.');
    await c.waitFor(/Message #\d+ posted/);
    await c.waitFor('MAIN MENU');
    await c.logOff();
  } finally {
    assert.equal(await board.stop(), 0);
  }
  stored = await storedBodies(board);
  assert.deepEqual(stored, ['first line\nsecond line\nthird line\nfourth line']);
});

test('a node restart mid-sentence in chat: the caller is back in the room and the rest of the sentence is said there, not run as menu keys', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '2'], env: { BBS_EDITOR: 'line' } });
  try {
    const c = await telnetRegister(board.ports.telnet!, 'Chatter');
    c.type('c');
    await c.waitFor('TELECONFERENCE');
    await c.waitFor('[Chatter] ');
    c.type('hello th');
    await c.waitFor('hello th');
    await restartUnder(board, c, 'Chatter');
    // The rest of the sentence, typed while the call moves: letters that are also main-menu keys (n, c, e).
    const moved = c.mark();
    c.type('ere nice cats');
    await c.waitFor('Line restored', { from: moved, timeoutMs: 15_000 });
    await c.waitFor(/\[Chatter\] hello there nice cats$/, { timeoutMs: 15_000 });
    // Enter may reach the board while the call is still moving or once it has moved: said in chat either way.
    c.type('\r\n');
    await c.waitFor(/\d\d:\d\d Chatter: hello there nice cats/);
    const after = c.text(moved);
    assert.doesNotMatch(after, /MAIN MENU|NEW SCAN|no new messages/i, 'no menu key ran');
    c.line('/quit');
    await c.waitFor('MAIN MENU');
    await c.logOff();
  } finally {
    assert.equal(await board.stop(), 0);
  }
});

test('a node restart while writing in the full-screen editor: the screen stays as it is, typing goes on, and the message keeps every word', { timeout: 120_000 }, async () => {
  const board = await startBoardProcess({ args: ['--nodes', '2', '--lines', '2'] });
  let stored: string[] = [];
  try {
    const c = await telnetRegister(board.ports.telnet!, 'Typist');
    c.type('1');
    await c.waitFor('Subject:');
    await new Promise((r) => setTimeout(r, 600));
    c.type('Full screen\r\n');
    await c.waitFor('Ln 1/');
    c.type('Written before the restart.');
    await c.waitFor('Col 28/');
    // At once, before the editor's pause sends a draft: the node knows from the editor's opening that the caller is writing.
    const from = c.mark();
    await restartUnder(board, c, 'Typist');
    // The new node asks for the editor again; the one on the caller's screen stays, with its text.
    await c.waitFor('Line restored', { from, timeoutMs: 15_000 });
    c.type(' And after it.');
    await c.waitFor('Col 42/', { from });
    c.type('\x1a');
    await c.waitFor(/Message #\d+ posted/, { from, timeoutMs: 15_000 });
    await c.waitFor('MAIN MENU');
    await c.logOff();
  } finally {
    assert.equal(await board.stop(), 0);
  }
  stored = await storedBodies(board);
  assert.deepEqual(stored, ['Written before the restart. And after it.']);
});
