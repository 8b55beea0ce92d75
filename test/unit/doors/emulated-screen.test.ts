import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { emulate, emulatedRows } from '../../helpers/emulated-screen.js';
import { ScreenModel } from '../../../src/doors/screen-model.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

test('the emulator is pyte wherever Debian python3 has it, so e2e tests check with a terminal the board did not write', async (t) => {
  const hasPyte = spawnSync('/usr/bin/python3', ['-c', 'import pyte'], { stdio: 'ignore' }).status === 0;
  const screen = await emulate(utf8('hello'), 20, 3);
  if (!hasPyte) t.diagnostic('python3-pyte is missing: the fallback emulator is in use');
  assert.equal(screen.emulator, hasPyte ? 'pyte' : 'xterm.js');
  assert.deepEqual(screen.rows, ['hello', '', '']);
  assert.deepEqual(screen.cursor, { col: 5, row: 0, visible: true });
});

test('text wraps at the last column, CR LF starts a row, and what scrolls off the top is gone', async () => {
  assert.deepEqual(await emulatedRows(utf8('abcdefghij\r\nxy'), 8, 4), ['abcdefgh', 'ij', 'xy', '']);
  assert.deepEqual(await emulatedRows(utf8('1\r\n2\r\n3\r\n4\r\n5'), 8, 3), ['3', '4', '5']);
});

test('cursor moves, erases and colours are honoured, and colours take no room', async () => {
  const screen = await emulate(utf8('junk\x1b[2J\x1b[3;5H\x1b[1;31mhi\x1b[0m there\x1b[1;1Hold line\x1b[1;4H\x1b[K\x1b[?25l'), 20, 4);
  assert.deepEqual(screen.rows, ['old', '', '    hi there', '']);
  assert.deepEqual(screen.cursor, { col: 3, row: 0, visible: false });
});

test('UTF-8 box drawing and wide characters, and CP437 bytes shown as an ANSI-BBS terminal shows them', async () => {
  assert.deepEqual(await emulatedRows(utf8('╔═╗\r\n║中║\r\n╚═╝'), 10, 3), ['╔═╗', '║中║', '╚═╝']);
  const cp437 = Buffer.from([0xc9, 0xcd, 0xbb, 0x0d, 0x0a, 0xb0, 0xb1, 0xb2, 0xdb, 0x1b, 0x5b, 0x33, 0x32, 0x6d, 0x82]);
  assert.deepEqual(await emulatedRows(cp437, 10, 2, { cp437: true }), ['╔═╗', '░▒▓█é']);
});

test("the helper's emulator and the board's screen model agree on a door's screen", async () => {
  const bytes = utf8('\x1b[2J\x1b[H\x1b[44m┌──────┐\x1b[0m\x1b[2;1H│ \x1b[33mgold\x1b[0m │\x1b[3;1H└──────┘\x1b[6;10Hstatus: 42\x1b[8;1Hend\x1b[4;2H');
  const model = new ScreenModel(30, 8);
  model.write(bytes);
  await model.written();
  const screen = await emulate(bytes, 30, 8);
  assert.deepEqual(screen.rows, model.text().map((row) => row.trimEnd()));
  assert.deepEqual(screen.cursor, model.cursor());
  model.dispose();
});
