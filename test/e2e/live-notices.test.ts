import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { TelnetClient, telnetRegister } from '../callers/telnet.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_EDITOR: 'line' } });
});
after(async () => {
  await board?.stop();
});


test('pages, broadcasts and kicks reach callers on every wire, wherever they are on the board', { timeout: 60_000 }, async () => {
  // The first account is the sysop.
  const zed = await telnetRegister(board.ports.telnet!, 'Zed');
  zed.line('1');
  await zed.waitFor('Subject:');
  zed.line('Read me');
  await zed.waitFor(/ 1: /);
  zed.line('A message to read.');
  zed.line('.');
  await zed.waitFor(/Message #1 posted[\s\S]*MAIN MENU[\s\S]*> $/);

  // Ann is reading messages: the new-scan has shown her one and waits at the reader prompt.
  const ann = await telnetRegister(board.ports.telnet!, 'Ann');
  ann.type('N');
  await ann.waitFor(/A message to read\.[\s\S]*\[Q\]uit\r?\n?> $/);

  // Ben calls with the original client's protocol and pages her.
  const ben = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(ben, 'Ben', 'password1');
  ben.send('P');
  await ben.answer('Page whom?', 'ann');
  await ben.expect('Your page to Ann', 'prompt');
  const paged = ann.mark();
  ben.send('Lunch at noon?');
  await ben.expect('Paged Ann');
  await ann.waitFor(/Page from Ben \(\d\d:\d\d\): Lunch at noon\?/, { from: paged });
  assert.match(ann.raw(paged), /^\r\x1b\[K/, 'the page lifts the open prompt off first');
  assert.match(ann.raw(paged), /\r\n(?:\x1b\[[0-9;]*m)*> (?:\x1b\[[0-9;]*m)*$/, 'and puts the reader prompt back');
  ann.type('Q');
  await ann.waitFor(/MAIN MENU[\s\S]*> $/);

  // A stranger has not even logged in yet.
  const stranger = await TelnetClient.connect(board.ports.telnet!);
  await stranger.waitFor("Who's calling?");

  // The sysop broadcasts: everyone sees it, the stranger at the login prompt too.
  zed.type('!');
  await zed.waitFor(/SYSOP MENU[\s\S]*> $/);
  zed.type('B');
  await zed.waitFor('Line to broadcast');
  zed.line('Backup in 5 minutes, save your work.');
  await zed.waitFor('Broadcast to 4 callers');
  const line = /\*\*\* SYSOP Zed to everyone \(\d\d:\d\d\): Backup in 5 minutes, save your work\./;
  await ann.waitFor(line);
  await stranger.waitFor(line);
  await ben.expect(line, 'screen');

  // The sysop kicks Ben (JSON socket) and Ann (telnet): each is told, then disconnected.
  for (const [who, gone] of [
    ['Ben', async () => {
      await ben.expect('The sysop has ended your call', 'exit');
      await ben.ended;
    }],
    ['Ann', async () => {
      await ann.waitFor('The sysop has ended your call');
      await ann.ended;
    }],
  ] as const) {
    await zed.waitFor(/SYSOP MENU[\s\S]*> $/);
    zed.type('K');
    const list = zed.mark();
    await zed.waitFor('Number of the caller to kick');
    const row = new RegExp(`\\[ *(\\d+)\\] ${who} `).exec(zed.text(list));
    assert.ok(row, `${who} is in the kick list`);
    zed.line(row[1]!);
    await zed.waitFor(`Hang up on ${who}?`);
    zed.type('y');
    await zed.waitFor(`${who} has been shown the door`);
    await gone();
  }
  assert.ok(ben.closed && ann.closed);
  assert.ok(!zed.closed && !stranger.closed, 'nobody else was cut off');
  stranger.close();
  zed.close();
});
