import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { stripAnsi } from '../callers/text-stream.js';
import { RawTelnet } from '../callers/telnet-raw.js';
import { textWidth } from '../../src/screens/text-width.js';

let board: BoardProcess;

before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board.stop();
});

/** The rows a caller of this size is shown before the welcome line: the banner. */
async function bannerRows(cols: number, rows: number): Promise<string[]> {
  const caller = await RawTelnet.open(board.ports.telnet!, { termType: 'xterm-256color', size: [cols, rows] });
  await caller.waitFor("Who's calling?");
  caller.close();
  const text = stripAnsi(caller.bytes.toString('utf8'));
  const screen = text.slice(text.lastIndexOf('\x1b') + 1);
  const lines = screen.split('\n');
  const welcome = lines.findIndex((l) => l.includes('Welcome to'));
  assert.ok(welcome > 0, `a welcome line under a banner in ${JSON.stringify(screen)}`);
  // The rule under the banner is the row just above the welcome line.
  return lines.slice(0, welcome - 1).filter((l) => l.trim() !== '' && !l.includes('[ttype sent]'));
}

test('the banner is drawn whole on a 40-column telnet caller, in the default font where the terminal is wide enough for it', async () => {
  const narrow = await bannerRows(40, 20);
  assert.ok(narrow.length >= 3, `a figlet banner, not a name: ${JSON.stringify(narrow)}`);
  for (const row of narrow) assert.ok(textWidth(row) <= 39, `'${row}' fits 40 columns`);

  const wide = await bannerRows(120, 40);
  assert.ok(wide.some((row) => row.includes('███╗')), 'ANSI Shadow, the default font, on a wide terminal');
  for (const row of wide) assert.ok(textWidth(row) <= 119);
});
