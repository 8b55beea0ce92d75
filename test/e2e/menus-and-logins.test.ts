import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBoardProcess, type BoardProcess } from '../helpers/spawned-board.js';
import { JsonClient, registerAndEnter } from '../callers/json.js';
import { TelnetClient, telnetRegister } from '../callers/telnet.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What a long-time BBS caller trips over, over the real wires: the name
 * prompt that took 30 characters to say "at most 20", a typo'd password that
 * hung up, Q that hung up without asking, a wrong key that drew the whole
 * menu again, and menus piling up in the scrollback.
 */

const CLEAR = '\x1b[2J\x1b[H';

let board: BoardProcess;
before(async () => {
  board = await startBoardProcess();
});
after(async () => {
  await board.stop();
});

test('the name prompt stops at 20 characters as they are typed', async () => {
  const c = await TelnetClient.connect(board.ports.telnet!);
  try {
    await c.waitFor("Who's calling?");
    const from = c.mark();
    c.type('A'.repeat(30));
    await c.waitFor('A'.repeat(20));
    await sleep(200);
    assert.equal((c.text(from).match(/A/g) ?? []).length, 20, 'the line editor echoes 20 and beeps for the rest');
    c.type('\r\n');
    await c.waitFor('Choose a password');
    assert.doesNotMatch(c.text(from), /too long/);
  } finally {
    c.close();
  }
});

test('Q asks "Log off?" as a hot key; n stays, y says goodbye with the time online', async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Leaver');
  try {
    c.type('q');
    await c.waitFor('Log off? (Y/n)');
    c.type('n');
    await c.waitFor('MAIN MENU');
    await c.waitFor(/> $/);
    c.type('Q');
    await c.waitFor('Log off?');
    c.type('y');
    await c.waitFor('So long, Leaver. You were on for less than a minute.');
    await c.ended;
  } finally {
    c.close();
  }
});

test('a wrong password gets two more tries, each behind the back-off; the third wrong one ends the call', { timeout: 30_000 }, async () => {
  const owner = await telnetRegister(board.ports.telnet!, 'Typo', 'right-pass');
  owner.close();

  const c = await TelnetClient.connect(board.ports.telnet!);
  try {
    await c.waitFor("Who's calling?");
    c.line('Typo');
    await c.waitFor('Password:');
    c.line('wrong-1');
    await c.waitFor('Wrong password. 2 tries left.');
    await c.waitFor('Password:');
    c.line('right-pass');
    // The second try still waits its turn, and is not told "too many" after one slip.
    await c.waitFor('Checking in 1 second...');
    await c.waitFor('go on?');
    assert.doesNotMatch(c.text(), /Too many/i);
  } finally {
    c.close();
  }

  const guesser = await TelnetClient.connect(board.ports.telnet!);
  try {
    await guesser.waitFor("Who's calling?");
    guesser.line('Typo');
    for (const left of ['2 tries left', '1 try left']) {
      await guesser.waitFor('Password:');
      guesser.line('nope');
      await guesser.waitFor(left, { timeoutMs: 10_000 });
    }
    await guesser.waitFor('Password:');
    guesser.line('nope');
    await guesser.waitFor('Wrong password. The line goes quiet', { timeoutMs: 10_000 });
    await guesser.ended;
  } finally {
    guesser.close();
  }
});

test('a wrong current password in settings says so and goes back to settings; the next try is not "too many"', { timeout: 30_000 }, async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Changer', 'old-secret');
  try {
    c.type('S');
    await c.waitFor('YOUR SETTINGS');
    await c.waitFor(/> $/);
    c.type('P');
    await c.waitFor('current password');
    c.line('not-it');
    await c.waitFor('That is not your current password. Nothing changed.', { timeoutMs: 15_000 });
    await c.waitFor('YOUR SETTINGS');
    await c.waitFor(/> $/);
    c.type('P');
    await c.waitFor('current password');
    c.line('old-secret');
    await c.waitFor('New password', { timeoutMs: 15_000 });
    assert.doesNotMatch(c.text(), /Too many/i, 'one slip is not "too many wrong passwords"');
  } finally {
    c.close();
  }
});

test('a wrong key at the main menu is one line and the prompt again, not the menu', async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Fumbler');
  try {
    const from = c.mark();
    c.type('x');
    await c.waitFor("There is no 'X' on this menu.");
    await c.waitFor(/> $/);
    await sleep(100);
    const answer = c.text(from);
    assert.doesNotMatch(answer, /MAIN MENU/, 'the menu is not drawn again');
    // The key's echo, the one line, the prompt.
    assert.equal(answer.trimEnd().split('\n').length, 3, `one line and the prompt:\n${answer}`);
    // The menu's keys still work from that prompt.
    c.type('I');
    await c.waitFor('Enter');
  } finally {
    c.close();
  }
});

test('menus and lists start on a clean telnet screen unless something unread is on it', async () => {
  const c = await telnetRegister(board.ports.telnet!, 'Clean');
  try {
    // After "go on?" the main menu cleared the screen before drawing itself.
    assert.ok(c.raw().includes(`${CLEAR}`), 'the main menu clears the screen');
    const menuAt = c.raw().lastIndexOf(CLEAR);
    assert.match(c.raw().slice(menuAt), /^\x1b\[2J\x1b\[H[\s\S]*MAIN MENU/);
    // Board info replaces the view, and the menu after it does too.
    let from = c.mark();
    c.type('I');
    await c.waitFor('[Enter]');
    // The key's echo, then a clean screen.
    assert.ok(c.raw(from).startsWith(`I\r\n${CLEAR}`), `board info starts on a clean screen: ${JSON.stringify(c.raw(from).slice(0, 20))}`);
    from = c.mark();
    c.type(' ');
    await c.waitFor('MAIN MENU');
    assert.ok(c.raw(from).includes(CLEAR));
    // A note shown after the caller's last key (paging someone who is not online) is unread:
    // the menu that follows is drawn below it instead of wiping it.
    await c.waitFor(/> $/);
    from = c.mark();
    c.type('P');
    await c.waitFor('Page whom');
    c.line('Nobody At All');
    await c.waitFor('MAIN MENU');
    await c.waitFor(/> $/);
    assert.match(c.text(from), /Nobody here goes by 'Nobody At All'[\s\S]*MAIN MENU/);
    assert.ok(!c.raw(from).slice(c.raw(from).indexOf('Nobody At All')).includes(CLEAR), 'the note after the page is not wiped by the menu');
  } finally {
    c.close();
  }
});

test('the 2010 JSON socket never gets a clear-screen sequence', async () => {
  const c = await JsonClient.dial(board.ports.tcpjson!);
  try {
    await registerAndEnter(c, 'Printer', 'line-printer');
    c.send('I');
    await c.expect('Enter', 'prompt');
    c.send('');
    await c.expect('MAIN MENU', 'prompt');
    c.send('q');
    await c.expect('Log off?', 'prompt');
    c.send('');
    await c.expect('So long, Printer', 'exit');
    assert.ok(c.replies.every((r) => !r.msg.includes('\x1b[2J')), 'no reply holds ESC[2J');
  } finally {
    c.close();
  }
});
