import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter, type Reply } from '../callers/json.js';
import { type PtyProcess } from '../helpers/pty.js';
import { stripAnsi } from '../callers/text-stream.js';
import { dialSsh, SSH, SSH_INSTALL, SSHPASS } from '../helpers/ssh-client.js';
import { telnetRegister, type TelnetClient } from '../callers/telnet.js';
import { signUp } from '../helpers/terminal-login.js';
import { requireTool } from '../helpers/tools.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Typing and reading as a caller at a terminal does it, over the real wires:
 * editing keys in the middle of a line, the Enter typed out of habit after a
 * hot key, a line longer than the cap, and the end of a long read.
 */

let board: BoardProcess;
before(async () => {
  // These are the line editor's tests (in messages too); the full-screen editor has its own.
  board = await startBoardProcess({ env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await board.stop();
});

const LEFT = '\x1b[D';

/** Post `lines` as a message from the main menu (menu 1) and come back to the menu. */
async function post(c: TelnetClient, lines: string[]): Promise<void> {
  c.type('1');
  await c.waitFor('Subject:');
  c.type('Note\r\n');
  await c.waitFor('Type your message');
  for (const l of lines) {
    c.type(`${l}\r\n`);
    await sleep(5);
  }
  c.type('.\r\n');
  await c.waitFor(/Message #\d+ posted/);
  await c.waitFor('MAIN MENU');
}

test('telnet: arrows, Home, End, Delete, Ctrl-W and Ctrl-K edit inside the line', { timeout: 30_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Editor');
  c.type('1');
  await c.waitFor('Subject:');
  c.type('Note\r\n');
  await c.waitFor('Type your message');
  c.type(`helo wrld${LEFT.repeat(3)}o\r\n`);
  // Home and End in three spellings, Delete, Ctrl-A/E, Ctrl-W, Ctrl-K.
  c.type('Xecond\x1b[1~\x1b[3~S\x1b[4~ line\x1bOH\x1bOF!\r\n');
  c.type('keep this drop that\x17\x17that\x01\x1b[C\x1b[C\x1b[C\x1b[C\x0b\x05 too\r\n');
  c.type('.\r\n');
  await c.waitFor(/Message #\d+ posted/);
  await c.waitFor('MAIN MENU');
  const mark = c.mark();
  c.type('2');
  await c.waitFor('helo world', { from: mark });
  const read = c.text(mark);
  assert.match(read, /^helo world$/m);
  assert.match(read, /^Second line!$/m);
  assert.match(read, /^keep too$/m);
  c.close();
});

test('telnet: a screen that arrives mid-line puts the cursor back where the caller was typing', { timeout: 30_000 }, async () => {
  const a = await telnetRegister(board.ports.telnet!, 'Typist');
  const b = await telnetRegister(board.ports.telnet!, 'Pager');
  a.type('1');
  await a.waitFor('Subject:');
  a.type('Note\r\n');
  await a.waitFor('Type your message');
  a.type(`helo wrld${LEFT.repeat(3)}`);
  await sleep(100);
  const mark = a.mark();
  b.type('p');
  await b.waitFor('Page whom');
  b.type('Typist\r\n');
  await b.waitFor('Your page to');
  b.type('hello there\r\n');
  await a.waitFor('hello there', { from: mark });
  // The redraw ends with the line and three backspaces: the cursor is back before "rld".
  await a.waitFor(/helo wrld\x08\x08\x08/, { from: mark });
  a.type('o\r\n.\r\n');
  await a.waitFor(/Message #\d+ posted/);
  await a.waitFor('MAIN MENU');
  const read = a.mark();
  a.type('2');
  await a.waitFor('helo world', { from: read });
  a.close();
  b.close();
});

for (const [key, screen] of [
  ['s', 'YOUR SETTINGS'],
  ['a', 'MESSAGE AREAS'],
  ['m', 'MAILBOX'],
  ['p', 'Page whom'],
] as const) {
  test(`telnet: ${key} then Enter 150 ms later stays in ${screen}`, { timeout: 30_000 }, async () => {
    const c = await telnetRegister(board.ports.telnet!, `Habit${key}`);
    const mark = c.mark();
    c.type(key);
    await sleep(150);
    c.type('\r\n');
    await c.waitFor(screen, { from: mark });
    await sleep(400);
    assert.doesNotMatch(c.text(mark), /MAIN MENU/, 'the Enter did not back out to the menu');
    // An Enter the caller means, later, still answers.
    c.type('\r\n');
    await c.waitFor('MAIN MENU', { from: mark });
    c.close();
  });
}

test('telnet: 1 then Enter out of habit starts the message at line 1, not with a blank line', { timeout: 30_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Oneenter');
  const mark = c.mark();
  c.type('1\r\n');
  await c.waitFor('Subject:', { from: mark });
  await sleep(200);
  assert.doesNotMatch(c.text(mark), /Type your message/, 'the Enter did not answer the subject');
  c.type('Habit\r\n');
  await c.waitFor('Type your message', { from: mark });
  await sleep(200);
  assert.doesNotMatch(c.text(mark), / 2: /);
  c.type('first\r\n.\r\n');
  await c.waitFor(/Message #\d+ posted/);
  c.close();
});

test('telnet 80x24: the end of a 30-line read waits for a key before the menu is drawn', { timeout: 30_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Longpost', 'password1', { cols: 80, rows: 24 });
  await post(
    c,
    Array.from({ length: 30 }, (_, i) => `row ${i + 1}`),
  );
  const mark = c.mark();
  c.type('2');
  await c.waitFor('--More--', { from: mark });
  // A caller reads the page before pressing Enter (an Enter right after the 2 would be taken for its tail).
  await sleep(600);
  const more = c.mark();
  c.type('\r');
  await c.waitFor('[Enter] to go on', { from: more });
  const tail = c.text(more);
  assert.match(tail, /row 30/);
  assert.match(tail, /End of messages/);
  assert.doesNotMatch(tail, /MAIN MENU/, 'nothing drawn over the last page before the key');
  c.type(' ');
  await c.waitFor('MAIN MENU', { from: more });
  c.close();
});

test('JSON socket: a line longer than the cap is cut, and the caller is told where', { timeout: 30_000 }, async () => {
  const c = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(c, 'Longliner', 'password1');
  const linePrompt = (n: number) => (r: Reply) => r.type === 'prompt' && stripAnsi(r.pchar ?? '') === ` ${n}: `;
  c.send('1');
  await c.answer('Subject:', '');
  await c.waitFor(linePrompt(1));
  c.send('y'.repeat(250));
  await c.expect('Your line was cut at 200 characters', 'screen');
  await c.waitFor(linePrompt(2));
  c.send('.');
  await c.expect(/Message #\d+ posted/);
  c.close();
});

test('SSH (OpenSSH in a pty): Left and Home edit the line, as on telnet', { timeout: 30_000 }, async (t) => {
  if (!requireTool(t, SSH(), 'OpenSSH client', SSH_INSTALL) || !requireTool(t, SSHPASS(), 'sshpass', SSH_INSTALL)) return;
  const c: PtyProcess = dialSsh(board.ports.ssh!, 'bbs');
  try {
    await signUp(c, 'Shelly', 'password1', { key: 'y' });
    c.send('1');
    await c.expect('Subject:');
    c.send('Note\r');
    await c.expect('Type your message');
    c.send(`ello wrld${LEFT.repeat(3)}o\x1bOHh\r`);
    await c.expect(' 2: ');
    c.send('.\r');
    await c.expect(/Message #\d+ posted/);
    await c.expect('MAIN MENU');
    c.send('2');
    await c.expect('hello world');
  } finally {
    c.kill();
  }
});
