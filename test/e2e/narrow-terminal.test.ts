import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { screenRows } from '../helpers/screen-model.js';
import { TelnetClient } from '../callers/telnet.js';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board?.stop();
});

const COLS = 40;
const ROWS = 20;

/** The rows a 40-column terminal shows for what arrived after `from`. */
function shown(c: TelnetClient, from: number): string[] {
  return screenRows(c.raw(from), COLS);
}

/** Open a list from the menu, read what it drew, and go back past "[Enter] to go on". */
async function list(c: TelnetClient, key: string, until: string | RegExp): Promise<string[]> {
  const from = c.mark();
  c.type(key);
  await c.waitFor(until, { from });
  await c.waitFor('to go on', { from });
  const rows = shown(c, from);
  // Any key goes on; an Enter this soon after the hot key would be taken for the key's own.
  c.type(' ');
  return rows;
}

test("at 40x20 the sysop's main menu fits whole, and who's online, last callers and the call log lose no column", { timeout: 60_000 }, async () => {
  // The first account is the sysop: their menu has the extra sysop line.
  const c = await TelnetClient.connect(board.ports.telnet!, { cols: COLS, rows: ROWS });
  // Signed up by hand: at 40 columns the board's sentences wrap, so wait for single words.
  await c.waitFor('calling?');
  c.line('Sysla');
  await c.waitFor('Password:');
  c.line('password1');
  await c.waitFor('confirm:');
  c.line('password1');
  await c.waitFor('go on?');
  c.type('y');
  await c.waitFor(/MAIN MENU[\s\S]*> $/);
  const menuFrom = c.mark();
  c.type('?');
  await c.waitFor(/Sysop menu[\s\S]*> $/, { from: menuFrom });
  const rows = shown(c, menuFrom);
  const top = rows.findLastIndex((r) => r.includes('MAIN MENU'));
  const prompt = rows.findLastIndex((r) => r.startsWith('>'));
  assert.ok(prompt - top + 1 <= ROWS - 1, `menu and prompt take ${prompt - top + 1} rows:\n${rows.slice(top).join('\n')}`);
  const menu = rows.slice(top, prompt + 1).join('\n');
  for (const k of ['1', '2', '3', '4', 'A', 'N', 'M', 'C', 'W', 'P', 'O', 'L', 'U', 'I', 'S', 'Q', '!']) assert.ok(menu.includes(`[${k}]`), `[${k}] on screen:\n${menu}`);
  await c.waitFor(/> $/, { from: menuFrom });

  const who = await list(c, 'W', 'on the board.');
  const me = who.findIndex((r) => r.includes('Sysla'));
  assert.ok(me >= 0, who.join('\n'));
  assert.match(who[me]!, /\d\d:\d\d\s+< you/, 'since and "< you" on the row');
  assert.match(who[me + 1]!, /telnet\s+looking at who's online/, 'the wire and the doing, whole, under it');

  await c.waitFor(/> $/);
  const last = await list(c, 'L', 'LAST CALLERS');
  const row = last.find((r) => r.includes('Sysla'));
  assert.match(row ?? '', /^\*Sysla\s+\d\d-\d\d \d\d:\d\d telnet/, last.join('\n'));

  await c.waitFor(/> $/);
  const sysFrom = c.mark();
  c.type('!');
  await c.waitFor(/SYSOP MENU[\s\S]*> $/, { from: sysFrom });
  c.type('L');
  await c.waitFor('to go on', { from: sysFrom });
  const log = shown(c, sysFrom);
  const first = log.findIndex((r) => /^\s+\d+ \d\d-\d\d \d\d:\d\d Sysla\s+now$/.test(r));
  assert.ok(first >= 0, log.join('\n'));
  assert.match(log[first + 1]!, /^\s+telnet\s+127\.0\.0\.1\s+online$/, 'wire, address and end on the second row');
  c.close();
});
