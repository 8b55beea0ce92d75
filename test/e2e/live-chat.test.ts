import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { screenRows } from '../helpers/screen-model.js';
import { telnetRegister } from '../callers/telnet.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board?.stop();
});


const SGR = '(?:\\x1b\\[[0-9;]*m)*';

test('two callers in chat see each other in order, and a line arriving mid-typing is printed above the half-typed line', { timeout: 30_000 }, async () => {
  const amy = await telnetRegister(board.ports.telnet!, 'Amy');
  const bea = await telnetRegister(board.ports.telnet!, 'Bea');
  amy.type('C');
  await amy.waitFor(/Here now: nobody yet[\s\S]*\[Amy\] $/);
  bea.type('C');
  await bea.waitFor(/Here now: Amy[\s\S]*\[Bea\] $/);
  await amy.waitFor('--> Bea joined the room');

  // Bea is half-way through a line when Amy's lines arrive.
  bea.type('half');
  await bea.waitFor('half');
  const mark = bea.mark();
  amy.line('Hello there, Bea');
  amy.line('second line');
  amy.line('/me grins');
  await bea.waitFor('* Amy grins', { from: mark });
  const bytes = bea.raw(mark);
  const redraw = (said: string): RegExp => new RegExp(`\\r\\x1b\\[K${SGR}\\d\\d:\\d\\d ${SGR}Amy${SGR}: ${SGR}${said}${SGR}\\r\\n${SGR}\\[${SGR}Bea${SGR}\\]${SGR} half`);
  assert.match(bytes, redraw('Hello there, Bea'), 'clear the line, print the chat line, redraw the prompt and what Bea typed');
  assert.match(bytes, redraw('second line'));
  const order = ['Hello there, Bea', 'second line', 'Amy grins'].map((s) => bytes.indexOf(s));
  assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `in the order said: ${order.join(', ')}`);

  // Amy's own screen: each of her lines once, as the room says it; what she typed has gone.
  await amy.waitFor('* Amy grins');
  const once = (rows: string[], said: string): void =>
    assert.equal(rows.filter((r) => r.includes(said)).length, 1, `"${said}" once on the speaker's screen:\n${rows.slice(-12).join('\n')}`);
  const amyRows = screenRows(amy.raw());
  for (const said of ['Hello there, Bea', 'second line', 'grins']) once(amyRows, said);
  assert.ok(amyRows.some((r) => /^\d\d:\d\d Amy: Hello there, Bea$/.test(r)), 'as the room says it');
  assert.ok(!amyRows.some((r) => /^\[Amy\] ./.test(r)), 'no typed line is left on her screen');

  // Bea finishes her line; Amy sees it, in order after her own.
  bea.line(' and done');
  await amy.waitFor('Bea: half and done');
  const amyText = amy.text();
  assert.ok(amyText.indexOf('Amy: second line') < amyText.indexOf('Bea: half and done'));
  await bea.waitFor('Bea: half and done', { from: mark });
  once(screenRows(bea.raw()), 'half and done');
  bea.line('/quit');
  await amy.waitFor('<-- Bea left the room');
  amy.close();
  bea.close();
});
