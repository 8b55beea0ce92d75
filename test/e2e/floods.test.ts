import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_ANNOUNCED, CHAT_BURST } from '../../src/flows/chat.js';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { stripAnsi } from '../callers/text-stream.js';
import { logIn } from '../helpers/terminal-login.js';
import { TelnetClient, telnetRegister } from '../callers/telnet.js';

/**
 * The flood that reset itself: "C, five lines, /quit" in a loop over telnet
 * sent hundreds of times the chat limit, each visit with a fresh allowance,
 * and a join and a leave notice for every visit to everyone in the room.
 * Pages reset the same way with every new call, and accounts made from one
 * address could each put a line on the oneliner wall.
 */

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board?.stop();
});

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

test('leaving and re-entering the chat room gives no new allowance of lines, and a caller who comes and goes too often does so quietly', { timeout: 60_000 }, async () => {
  const amy = await telnetRegister(board.ports.telnet!, 'Amy');
  amy.type('C');
  await amy.waitFor(/\[Amy\] $/);
  const bob = await telnetRegister(board.ports.telnet!, 'Bob');
  const visits = CHAT_ANNOUNCED.arrivals + 2;
  const started = Date.now();
  for (let visit = 1; visit <= visits; visit++) {
    bob.type('C');
    await bob.waitFor(/\[Bob\] $/);
    for (let n = 1; n <= CHAT_BURST.lines; n++) {
      bob.line(`flood ${visit}.${n}`);
      await bob.waitFor(/\[Bob\] $/);
    }
    bob.line('/quit');
    await bob.waitFor(/> $/);
  }
  const elapsed = Date.now() - started;
  // Everything Bob said is on Amy's screen once her own line, said after it, is.
  amy.line('sentinel');
  await amy.waitFor('Amy: sentinel');
  const heard = amy.text();

  // One allowance per window for the account, whatever the visits: the loop once delivered all of them.
  const lines = count(heard, /Bob: flood/);
  const windows = 1 + Math.floor(elapsed / (CHAT_BURST.seconds * 1000));
  assert.ok(lines >= CHAT_BURST.lines, `the first burst is heard (${lines})`);
  assert.ok(lines <= CHAT_BURST.lines * windows && lines < visits * CHAT_BURST.lines, `${lines} lines in ${elapsed} ms`);
  if (windows === 1) assert.equal(count(heard, /Bob: flood 2\.1/), 0, "the second visit's first line is held back");
  const bobSaw = bob.text();
  assert.match(bobSaw, /Slow down: 5 lines every 5 seconds at most[^\n]*\n[^\n]*you may speak again in \ds/);

  // Arrivals are told a few times, then not; every departure the room hears matches an arrival it heard.
  const joined = count(heard, /Bob joined the room/);
  assert.equal(joined, CHAT_ANNOUNCED.arrivals);
  assert.equal(count(heard, /Bob left the room/), joined);
  assert.match(bobSaw, /the room is not told you came or left\s+this time\. Arrivals are announced again in \d+m/);
  amy.close();
  bob.close();
});

test('hanging up and calling back does not reset the page limit', { timeout: 60_000 }, async () => {
  const cat = await telnetRegister(board.ports.telnet!, 'Cat');
  const dan = await telnetRegister(board.ports.telnet!, 'Dan');
  const page = async (from: TelnetClient, text: string): Promise<string> => {
    const mark = from.mark();
    from.type('P');
    await from.waitFor('Page whom?');
    from.line('Cat');
    await from.waitFor('Your page to Cat');
    from.line(text);
    await from.waitFor(/(Paged Cat|pages a minute at most)[\s\S]*> $/);
    return from.text(mark);
  };
  for (const n of [1, 2, 3]) assert.match(await page(dan, `ping ${n}`), /Paged Cat/);
  dan.close();
  await dan.ended;

  const again = await TelnetClient.connect(board.ports.telnet!);
  await logIn({ expect: (p) => again.waitFor(p), send: (k) => again.type(k), line: (t) => again.line(t) }, 'Dan', 'password1', { key: 'y' });
  await again.waitFor(/> $/);
  const refused = await page(again, 'ping 4');
  assert.match(refused, /Easy: 3 pages a minute at most\. That one was not sent;\s+try again in \d+s/);
  await cat.waitFor('ping 3');
  assert.doesNotMatch(cat.text(), /ping 4/);
  again.close();
  cat.close();
});

test('accounts made from one address share a daily allowance on the oneliner wall', { timeout: 60_000 }, async () => {
  // The board's first account is the sysop's, who may always write: make sure it is not one of these.
  const first = await JsonClient.dial(board.ports.tcpjson!);
  await registerAndEnter(first, 'Wall0', 'password1');
  first.close();
  const said: string[] = [];
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const c = await JsonClient.dial(board.ports.tcpjson!);
    await registerAndEnter(c, `Wall${n}`, 'password1');
    c.send('O');
    if (n <= 5) {
      await c.answer('Add your own line', 'y');
      await c.answer('Your oneliner', `line from ${n}`);
    }
    // The sixth is not offered a line the wall would refuse: it is told when the address may add again.
    said.push(stripAnsi((await c.expect(n <= 5 ? /THE WALL|lines a day from one address/ : /lines a day from one address/)).msg));
    c.close();
  }
  for (const text of said.slice(0, 5)) assert.match(text, /THE WALL/);
  assert.match(said[5]!, /The wall takes 5 lines a day from one address\.\s+Your next one in 24h/);
});
