import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_BURST } from '../../../src/flows/chat.js';
import { savePreferences } from '../../../src/flows/preferences.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { TerminalSession } from '../../../src/transports/terminal/terminal-session.js';
import { boardHarness, type Harness } from '../../helpers/in-process-board.js';
import { screenRows } from '../../helpers/screen-model.js';
import { signUp, type Typist } from '../../helpers/terminal-login.js';
import { until } from '../../helpers/until.js';

test("who's online: every caller with node, line, what they are doing and since when", async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  ann.send('A');
  await ann.expect('Area number', 'prompt');
  const lurker = h.dial({ transport: 'telnet' });
  await lurker.expect("Who's calling?", 'prompt');
  const ben = await h.register('Ben');
  ben.send('W');
  const who = await ben.expect("WHO'S ONLINE");
  assert.match(who.type === 'screen' ? who.text : '', /Ann/);
  const text = ben.text();
  assert.match(text, /Ann +fake +in the message areas +\d\d:\d\d/);
  assert.match(text, /\(logging in\) +telnet +logging in/);
  assert.match(text, /Ben +fake +looking at who's online .*< you/);
  assert.match(text, /3 callers on the board/);
  await ben.answer('to go on', '');
  await ben.expect('MAIN MENU', 'prompt');
  await h.close();
});

test('chat: lines, actions, /who, /help, join and leave notices, in the order they were said', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  const ben = await h.register('Ben');
  ann.send('C');
  await ann.expect('Here now: nobody yet');
  ben.send('C');
  await ben.expect('Here now: Ann');
  await ann.expect('--> Ben joined the room');
  ann.send('hi Ben');
  await ben.expect(/\d\d:\d\d Ann: hi Ben/);
  await ann.expect(/\d\d:\d\d Ann: hi Ben/);
  ann.send('/me waves');
  await ben.expect('* Ann waves');
  await ann.expect('* Ann waves');
  // The speaker's own view: each line once, as the room says it; the typed answer is the terminal's to take away.
  assert.equal(ann.text().split('Ann: hi Ben').length - 1, 1);
  assert.equal(ann.text().split('Ann waves').length - 1, 1);
  const chatPrompt = ann.out.findLast((e) => e.type === 'prompt');
  assert.ok(chatPrompt?.type === 'prompt' && chatPrompt.pchar.includes('[') && chatPrompt.transient === true, 'the chat prompt asks for the typed line to leave the screen');
  ben.send('one');
  ben.send('two');
  await ann.expect('Ben: one');
  await ann.expect('Ben: two');
  ben.send('/who');
  await ben.expect('In the room with you: Ann');
  ben.send('/help');
  await ben.expect('/quit');
  ben.send('/dance');
  await ben.expect('No command /dance here');
  ben.send('//slashes are fine');
  await ann.expect('Ben: /slashes are fine');
  ben.send('/quit');
  await ann.expect('<-- Ben left the room');
  await ben.expect('MAIN MENU', 'prompt');
  assert.ok(!ann.text().includes('Ann joined'), 'no one is told of their own arrival');
  ann.hangup();
  await until(() => `one session left, not ${h.runner.sessions().length}`, () => h.runner.sessions().length === 1, 3000);
  await h.close();
});

/** A caller at a character terminal (what telnet, SSH and the browser share), on the harness's board, seen as its screen's rows. */
function terminalCaller(h: Harness, cols = 80): Typist & { rows(): string[] } {
  let output = '';
  const term: TerminalSession = new TerminalSession({
    terminal: { ...DEFAULT_TERMINAL, cols },
    wire: { write: (bytes) => (output += bytes.toString('utf8')), input: (ev) => handle.input(ev) },
  });
  const handle = h.runner.dial({ transport: 'telnet', remote: '10.9.8.6', terminal: term.terminal, deliver: (ev) => term.deliver(ev) });
  handle.input({ type: 'open' });
  const rows = (): string[] => screenRows(output, cols);
  const send = (keys: string): void => term.receive(Buffer.from(keys, 'utf8'));
  return {
    rows,
    send,
    line: (text) => send(`${text}\r`),
    async expect(pattern) {
      const shown = (screen: string): boolean => (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen));
      await until(() => `${String(pattern)} on screen:\n${rows().slice(-15).join('\n')}`, () => shown(rows().join('\n')), 3000, 2);
    },
  };
}

test("chat at a terminal: the speaker sees each of their lines once, as the room says it, in the room's order", async () => {
  const h = await boardHarness();
  const ann = terminalCaller(h);
  await signUp(ann, 'Ann', 'password1', { line: '' });
  const ben = await h.register('Ben');
  ben.send('C');
  await ben.expect('Here now');
  ann.send('C');
  await ann.expect(/Here now: Ben[\s\S]*\[Ann\]$/);

  ann.line('hello Ben');
  await ben.expect(/\d\d:\d\d Ann: hello Ben/);
  ben.send('hi Ann');
  await ann.expect(/Ben: hi Ann/);
  const long = `a long one ${'x'.repeat(150)}`;
  ann.line(long);
  await ben.expect('Ann: a long one');
  ann.line('/me waves');
  await ann.expect(/\* Ann waves\n\[Ann\]$/);

  const rows = ann.rows();
  const said = rows.slice(rows.findIndex((r) => r.includes('Here now')) + 1);
  assert.equal(said.filter((r) => r.includes('hello Ben')).length, 1, `"hello Ben" once:\n${said.join('\n')}`);
  assert.match(said.find((r) => r.includes('hello Ben'))!, /^\d\d:\d\d Ann: hello Ben$/, 'as the room says it');
  assert.equal(said.filter((r) => r.includes('a long one')).length, 1, 'the long line once');
  assert.ok(!said.some((r) => /^x+$/.test(r)), 'no row of it is left from where the typing wrapped');
  assert.equal(said.filter((r) => r.includes('waves')).length, 1);
  assert.ok(!said.some((r) => r.startsWith('[Ann] ') && r.length > '[Ann] '.length), 'nothing typed is left on screen');
  const order = ['Ann: hello Ben', 'Ben: hi Ann', 'Ann: a long one', '* Ann waves'].map((s) => said.findIndex((r) => r.includes(s)));
  assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `in the order said: ${order.join(', ')}`);
  assert.deepEqual(said.filter((r) => r !== '').at(-1), '[Ann]', 'and the prompt waits below');
  await h.close();
});

test('chat: a line longer than the screen wraps under its text instead of being cut at the edge', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  const ben = await h.register('Ben', { terminal: { ...DEFAULT_TERMINAL, cols: 60 } });
  ann.send('C');
  await ann.expect('Here now: nobody yet');
  ben.send('C');
  await ben.expect('Here now: Ann');
  const words = Array.from({ length: 30 }, (_, i) => `word${i}`);
  ann.send(words.join(' '));
  await ben.expect('word29');
  const all = ben.text();
  const said = all.slice(all.lastIndexOf('\n', all.indexOf('Ann: word0')) + 1);
  const rows = said.slice(0, said.indexOf('word29') + 'word29'.length).split('\n');
  assert.ok(rows.length >= 4, `wrapped over several rows: ${JSON.stringify(rows)}`);
  for (const row of rows) assert.ok(row.length <= 60, `row fits 60 columns: ${JSON.stringify(row)}`);
  assert.deepEqual(rows.join(' ').split(/\s+/).filter((w) => w.startsWith('word')), words, 'every word, in order, none cut');
  const indent = said.indexOf('word0');
  for (const row of rows.slice(1)) assert.match(row, new RegExp(`^ {${indent}}word`), `later rows start under the text: ${JSON.stringify(rows)}`);
  await h.close();
});

test('chat: more than the burst allows is refused with a clear message and never reaches the room', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  const ben = await h.register('Ben');
  ben.send('C');
  await ben.expect('Here now');
  ann.send('C');
  await ann.expect('Here now');
  for (let i = 1; i <= CHAT_BURST.lines + 2; i++) ann.send(`flood ${i}`);
  await ann.expect(`Slow down: ${CHAT_BURST.lines} lines every ${CHAT_BURST.seconds} seconds`);
  await ben.expect(`Ann: flood ${CHAT_BURST.lines}`);
  // The room delivers in order: once Ann hears Ben's next line, any line of hers sent before it has reached him.
  ben.send('marker');
  await ann.expect('Ben: marker');
  assert.ok(!ben.text().includes(`flood ${CHAT_BURST.lines + 1}`), 'the line over the limit was not sent');
  await h.close();
});

test('a page pops up wherever the caller is, mid-prompt; offline, self and do-not-disturb are refused', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  ann.send('Q');
  ann.send('y'); // Log off? yes
  const ben = await h.register('Ben');
  ben.send('P');
  await ben.answer('Page whom?', 'ann');
  await ben.expect('Ann is not online right now');
  const carl = await h.register('Carl');
  carl.send('1');
  await carl.answer('Subject:', '');
  await carl.expect('Type your message');
  await carl.expect(/ 1: $/, 'prompt');
  await ben.answer('MAIN MENU', 'P');
  await ben.answer('Page whom?', 'Ben');
  await ben.expect('Paging yourself?');
  await ben.answer('MAIN MENU', 'P');
  await ben.answer('Page whom?', 'carl');
  await ben.answer('Your page to Carl', 'coffee?');
  await ben.expect('Paged Carl');
  await carl.expect(/\*\*\* Page from Ben \(\d\d:\d\d\): coffee\?/);
  carl.send('still typing my message');
  carl.send('.');
  await carl.expect(/Message #\d+ posted/);
  await savePreferences(h.deps, (await h.store.users.findByName('Carl'))!.id, { pages: false });
  await ben.answer('MAIN MENU', 'P');
  await ben.answer('Page whom?', 'carl');
  await ben.expect('Carl is not taking pages right now');
  await h.close();
});

test('a sysop broadcast reaches every caller, also one still at the login prompt', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  const ann = await h.register('Ann');
  const stranger = h.dial();
  await stranger.expect("Who's calling?", 'prompt');
  zed.send('!');
  await zed.answer('SYSOP MENU', 'B');
  await zed.answer('Line to broadcast', 'Going down in 5 minutes');
  await zed.expect('Broadcast to 3 callers');
  assert.match(zed.text(), /\*\*\* SYSOP Zed to everyone/);
  for (const c of [ann, stranger]) await c.expect(/\*\*\* SYSOP Zed to everyone \(\d\d:\d\d\): Going down in 5 minutes/);
  await h.close();
});

test('a kicked caller sees why and is gone; a ban also ends their calls and refuses the next login', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  const ann = await h.register('Ann');
  ann.send('C');
  await ann.expect('Here now');
  zed.send('!');
  await zed.answer('SYSOP MENU', 'K');
  await zed.expect(/\[ 1\] Ann +1 fake +in the chat room/);
  await zed.answer('Number of the caller to kick', '1');
  await zed.answer('Hang up on Ann?', 'y');
  await zed.expect('Ann has been shown the door');
  await ann.expect('The sysop has ended your call', 'exit');
  const back = await h.logIn('Ann');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user?', 'ann');
  await zed.answer('Ban / unban', 'B');
  await zed.answer('Ban Ann?', 'y');
  await zed.expect('Ann is banned');
  await back.expect('The sysop has ended your call', 'exit');
  const refused = h.dial();
  await refused.answer("Who's calling?", 'Ann');
  await refused.answer('Password:', 'password1');
  await refused.expect('The sysop has closed the account Ann', 'exit');
  await h.close();
});

test("a sysop's page through pages-off says so to both: the sysop before sending, the caller on arrival", async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  const ann = await h.register('Ann');
  const ben = await h.register('Ben');
  await savePreferences(h.deps, (await h.store.users.findByName('Ann'))!.id, { pages: false });
  zed.send('P');
  await zed.answer('Page whom?', 'ann');
  await zed.expect('Ann has pages off. As sysop, your page gets through anyway');
  await zed.answer('Your page to Ann', 'board going down at six');
  await zed.expect('Paged Ann past their pages-off setting');
  await ann.expect(/\*\*\* Page from Zed, the sysop \(\d\d:\d\d\): board going down at six\n\(Your pages are off; a page from the sysop still gets through\.\)/);
  await zed.answer('MAIN MENU', 'P');
  await zed.answer('Page whom?', 'ben');
  await zed.answer('Your page to Ben', 'welcome aboard');
  await zed.expect(/Paged Ben\. It popped up/);
  await ben.expect(/\*\*\* Page from Zed, the sysop \(\d\d:\d\d\): welcome aboard/);
  assert.ok(!/pages-off|pages off/.test(zed.text().slice(zed.text().lastIndexOf('Page whom?'))), 'no override to mention when Ben takes pages');
  assert.ok(!/pages are off/.test(ben.text()));
  await h.close();
});
