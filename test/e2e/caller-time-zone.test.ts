import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { TelnetClient, telnetRegister } from '../callers/telnet.js';
import { logIn } from '../helpers/terminal-login.js';

let board: BoardProcess;
before(async () => {
  // The board's own zone is UTC: every Berlin time below differs from it by an hour or two.
  board = await startBoardProcess({ env: { TZ: 'UTC' } });
});
after(async () => {
  await board?.stop();
});

/** Hours and minutes in a zone, by the runtime's own formatter (not the board's code). */
function clockIn(zone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

async function telnetLogIn(name: string): Promise<TelnetClient> {
  const c = await TelnetClient.connect(board.ports.telnet!);
  await logIn({ expect: (p) => c.waitFor(p), send: (k) => c.type(k), line: (t) => c.line(t) }, name, 'password1', { key: 'y' });
  await c.waitFor(/> $/);
  return c;
}

test('a caller picks Europe/Berlin and every time, the menu clock and the column headers follow it', { timeout: 60_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Zoe');
  assert.match(c.text(), new RegExp(`${clockIn('UTC', new Date()).slice(0, 2)}:\\d\\d UTC`), "before choosing: the board's zone");
  c.type('S');
  await c.waitFor(/Time zone\s+the board's \(UTC\)/);
  await c.waitFor(/> $/);

  c.type('Y');
  await c.waitFor('Your time zone');
  c.line('Mars/Olympus');
  await c.waitFor("'Mars/Olympus' is no time zone I know");
  await c.waitFor('Your time zone');
  c.line('america');
  await c.waitFor(/\d+ zones hold 'america': type more of the name/);
  await c.waitFor('Your time zone');
  c.line('ber');
  await c.waitFor(/2 zones match; type the one you mean:\s+Atlantic\/Bermuda\s+Europe\/Berlin\s/);
  await c.waitFor('Your time zone');
  c.line('berlin');
  await c.waitFor(/Saved\. Times now show in Europe\/Berlin: it is (\d\d:\d\d) (CES?T) there\./);
  const saved = /it is (\d\d:\d\d) (CES?T) there/.exec(c.text())!;
  const cet = saved[2]!;
  assert.ok([clockIn('Europe/Berlin', new Date(Date.now() - 60_000)), clockIn('Europe/Berlin', new Date())].includes(saved[1]!));
  await c.waitFor(/Time zone\s+Europe\/Berlin/);
  c.type('Q');
  await c.waitFor(new RegExp(`node \\d+ · \\d\\d:\\d\\d ${cet}`));

  // Last callers: the header names the zone, and this call's row is in Berlin time.
  const mark = c.mark();
  c.type('L');
  await c.waitFor(new RegExp(`When ${cet}\\s+Via`), { from: mark });
  const row = new RegExp(`Zoe\\s+\\d{4}-\\d\\d-\\d\\d (\\d\\d:\\d\\d)`).exec(c.text(mark));
  assert.ok(row, c.text(mark));
  const started = Date.now();
  const near = [-2, -1, 0].map((m) => clockIn('Europe/Berlin', new Date(started + m * 60_000)));
  assert.ok(near.includes(row[1]!), `${row[1]} is Berlin time (${near.join(', ')})`);
  assert.notEqual(row[1], clockIn('UTC', new Date(started)), 'not the board zone');
  c.close();
});

test('welcome back: the last call, how long ago and when, in the caller’s zone', { timeout: 60_000 }, async () => {
  const first = await telnetRegister(board.ports.telnet!, 'Wes');
  assert.ok(!first.text().includes('Welcome back'), 'a new account has no last call');
  await first.logOff();

  // Move the last call back three days and a bit, as if Wes had called then.
  const lastCall = new Date(Date.now() - 3 * 86_400_000 - 3_600_000);
  const db = new BetterSqlite3(join(board.data, 'bbs.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const settings = JSON.stringify({ timeZone: 'America/New_York' });
    const id = (db.prepare('SELECT id FROM users WHERE name = ?').get('Wes') as { id: number }).id;
    db.prepare('UPDATE users SET last_call_at = ? WHERE id = ?').run(lastCall.getTime(), id);
    db.prepare('INSERT INTO user_settings (user_id, json) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET json = excluded.json').run(id, settings);
  } finally {
    db.close();
  }

  const c = await telnetLogIn('Wes');
  const day = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', day: 'numeric', month: 'short' }).formatToParts(lastCall);
  const part = (t: string): string => day.find((p) => p.type === t)!.value;
  const when = `${part('weekday')} ${part('day')} ${part('month')} ${clockIn('America/New_York', lastCall)}`;
  assert.ok(c.text().includes(`Welcome back, Wes: your last call was 3 days ago (${when}).`), c.text().slice(-800));
  // Said once, after the news and before the menu.
  assert.ok(c.text().indexOf('go on?') < c.text().indexOf('Welcome back'));
  assert.ok(c.text().indexOf('Welcome back') < c.text().lastIndexOf('MAIN MENU'));

  // The next call: the last one was this one, a moment ago.
  await c.logOff();
  const again = await telnetLogIn('Wes');
  assert.match(again.text(), /Welcome back, Wes: your last call was a moment ago \(\w{3} \d{1,2} \w{3} \d\d:\d\d\)\./);
  again.close();
});
