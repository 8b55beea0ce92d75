import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { TelnetClient } from '../callers/telnet.js';
import { FIXTURES, startDoorBoard, telnetToDoors } from '../helpers/door-board.js';
import { until } from '../helpers/until.js';
import type { BoardProcess } from '../helpers/spawned-board.js';
import BetterSqlite3 from 'better-sqlite3';

/**
 * What a caller meets around a door: a CP437 door's glyphs on a UTF-8
 * terminal, a broken door's plain note (and the sysop's log line), a door
 * full of players, a door above their level, and a full-screen door offered
 * to the 2010 client, which carries only lines.
 */

const BOX = { name: 'box', title: 'Box Art', command: join(FIXTURES, 'cp437-box.sh'), encoding: 'cp437', max_players: 1 };
const BROKEN = { name: 'broken', title: 'Broken Door', command: join(FIXTURES, 'fails-at-once.sh') };
const SYSOPS = { name: 'secret', title: 'Sysops Only', command: join(FIXTURES, 'cp437-box.sh'), level: 'sysop' };
const TIMED = { name: 'timed', title: 'Timed Door', command: join(FIXTURES, 'cp437-box.sh'), minutes_per_day: 1 };

/** A stretch in a door as the desk records it, written straight into the running board's database. */
function spentToday(board: BoardProcess, name: string, door: string, seconds: number): void {
  const db = new BetterSqlite3(join(board.data, 'bbs.db'));
  try {
    const { id } = db.prepare('SELECT id FROM users WHERE name = ?').get(name) as { id: number };
    db.prepare('INSERT INTO door_time (user_id, door, seconds, ended_at) VALUES (?, ?, ?, ?)').run(id, door, seconds, Date.now());
  } finally {
    db.close();
  }
}

test('doors as callers meet them: translated glyphs, a broken door, a full door, a door above their level, the line-only client', { timeout: 120_000 }, async (t) => {
  const board = await startDoorBoard(t, { doors: [BOX, BROKEN, SYSOPS, TIMED] });
  // The first account is the sysop, who sees all three.
  const sysop = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => sysop.close());
  await telnetToDoors(sysop, 'keeper');
  assert.match(sysop.text(), /Sysops Only/);

  // A CP437 door on a UTF-8 terminal: its box and blocks arrive as the same glyphs in UTF-8.
  sysop.send('1');
  await sysop.waitFor('╔══╗ CP437 █▓▒░');
  await sysop.waitFor('╚══╝');

  // While the sysop plays, the one place in Box Art is taken.
  const caller = await TelnetClient.connect(board.ports.telnet!);
  t.after(() => caller.close());
  await telnetToDoors(caller, 'visitor');
  assert.doesNotMatch(caller.text(), /Sysops Only/, 'a door above the caller\'s level is not listed');
  caller.send('1');
  await caller.waitFor('All 1 places in Box Art are taken. Try again later.');
  await caller.waitFor('Door number to play');

  // A door that fails at once: the caller is told plainly, the sysop's log has why.
  caller.send('2');
  await caller.waitFor(/could not start|The door said/);
  await caller.waitFor('Door number to play');
  await until('the sysop\'s log line', () => /WARN\s+door ended.*door=broken.*how=failed.*GAME\.DAT/.test(board.output()), 5000, 20);

  // The day's minutes, counted from the database: spent, the door says so and does not open.
  spentToday(board, 'visitor', 'timed', 60);
  caller.send('3');
  await caller.waitFor("You have used today's 1 minutes in Timed Door. Come back tomorrow.");
  await caller.waitFor('Door number to play');

  // Its terminal is cooked (the door did not ask for raw): the key it waits for comes with Enter.
  sysop.send('x');
  await sysop.waitFor('Back from Box Art');

  // The 2010 client carries only lines: a full-screen door says how to play it instead.
  const json = await JsonClient.dial(board.ports.tcpjson!);
  t.after(() => json.close());
  await registerAndEnter(json, 'liner', 'password1');
  json.send('d');
  await json.expect('Door number to play', 'prompt');
  json.send('1');
  await json.expect('Box Art needs a real terminal. Call by telnet, SSH or the browser to play it.');
});
