import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { stripAnsi } from '../callers/text-stream.js';
import { telnetRegister } from '../callers/telnet.js';

const ROWS = 24;
const LINES = 200;

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess({ env: { BBS_MESSAGE_LINES: '250' } });
});
after(async () => {
  await board?.stop();
});

test('a 200-line message on a real 24-row telnet terminal pages a screen at a time and stops when asked', { timeout: 60_000 }, async () => {
  const writer = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(writer, 'Writer', 'password1');
  writer.send('1');
  await writer.answer('Subject:', '');
  await writer.expect('Type your message');
  // One line per prompt: lines typed too far ahead are dropped by the board's bounded queue.
  for (let i = 1; i <= LINES + 1; i++) {
    await writer.waitFor((r) => r.type === 'prompt');
    writer.send(i <= LINES ? `row ${String(i).padStart(3, '0')}` : '.');
  }
  await writer.expect(/Message #\d+ posted/, undefined, 10_000);

  const reader = await telnetRegister(board.ports.telnet!, 'Reader', 'password1', { cols: 80, rows: ROWS });
  const start = reader.mark();
  reader.type('N');
  for (let page = 1; page <= 3; page++) {
    await reader.waitFor('--More--');
    if (page < 3) reader.type(' ');
  }
  reader.type('q');
  await reader.waitFor(/\[Q\]uit\r?\n?> $/);
  const screens = reader.raw(start).split(/--More--.*/);
  // Each page, as drawn: the rows between two --More-- prompts must fit above the prompt.
  for (const [i, chunk] of screens.slice(1, 3).entries()) {
    const rows = stripAnsi(chunk).split('\n').filter((r) => r.trim() !== '' && !r.includes('(Enter for more'));
    assert.ok(rows.length <= ROWS - 2, `page ${i + 2}: ${rows.length} rows`);
  }
  const shown: string[] = stripAnsi(reader.raw(start)).match(/row \d{3}/g) ?? [];
  assert.ok(shown.length >= 3 * (ROWS - 2) - 10 && shown.length <= 3 * (ROWS - 2), `three pages shown, then it stopped (${shown.length} rows)`);
  assert.deepEqual(shown, shown.slice().sort(), 'in order');
  assert.ok(!shown.includes('row 200'));
  writer.close();
  reader.close();
});
