import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/board-process.js';
import { JsonClient, registerAndEnter } from '../helpers/json-client.js';
import { telnetRegister } from '../helpers/telnet-client.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board?.stop();
});

/** Clear the screen, retitle the window, ring the bell, recolour, then board markup. */
const PAYLOAD = '\x1b[2J\x1b]0;pwned\x07\x1b[5;31mEVIL|04red{{user}}';
const SHOWN = '^[[2J^[]0;pwned^G^[[5;31mEVIL|04red{{user}}';
const RAW_PIECES = ['\x1b[2J', '\x1b]0;', '\x07', '\x1b[5;31m'];

test('escapes, pipe codes and {{variables}} from one caller reach a telnet caller as plain visible text', { timeout: 60_000 }, async () => {
  // The original client's protocol carries any text as it is typed: the attacker's wire.
  const evil = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(evil, 'Mallory', 'password1');
  // A name with an escape is refused before it can be shown to anyone.
  const badName = await JsonClient.dial(board.ports.tcpjson!);
  await badName.answer("Who's calling?", '\x1b[31mRed');
  await badName.expect('Names may hold letters');
  badName.close();

  const victim = await telnetRegister(board.ports.telnet!, 'Victim');
  const start = victim.mark();

  // A message, a oneliner and a chat line, all carrying the payload.
  evil.send('1');
  await evil.expect('Type your message');
  evil.send(PAYLOAD);
  evil.send('.');
  await evil.expect(/Message #\d+ posted/);
  evil.send('O');
  await evil.answer('Add your own line', 'y');
  await evil.answer('Your oneliner', PAYLOAD);
  await evil.answer('to go on', '');

  victim.type('N');
  await victim.waitFor(`EVIL|04red{{user}}`);
  victim.type('Q');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);
  victim.type('O');
  await victim.waitFor('Add your own line');
  victim.type('n');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);
  victim.type('C');
  await victim.waitFor('Here now');
  evil.send('C');
  await evil.expect('Here now');
  evil.send(PAYLOAD);
  await victim.waitFor(/Mallory: .*EVIL/);
  victim.line('/quit');
  await victim.waitFor(/MAIN MENU[\s\S]*> $/);

  const bytes = victim.raw(start);
  const seen = bytes.split(SHOWN).length - 1;
  assert.equal(seen, 3, 'message, oneliner and chat line each show the payload as text');
  for (const piece of RAW_PIECES) {
    // The board's own colours use ESC [ ... m; none of the attacker's sequences may appear.
    assert.ok(!bytes.includes(piece), `${JSON.stringify(piece)} from user text reached the terminal raw`);
  }
  assert.ok(!bytes.includes('EVIL|04redVictim') && !victim.text(start).includes('EVILred'), 'neither the variable nor the pipe code was interpreted');
  evil.close();
  victim.close();
});
