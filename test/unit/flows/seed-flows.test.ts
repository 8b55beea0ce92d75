import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginGuard } from '../../../src/rules/login-guard.js';
import { checkName } from '../../../src/rules/names.js';
import { boardHarness } from '../../helpers/in-process-board.js';
import type { OutputEvent } from '../../../src/session/events.js';
import { stripAnsi } from '../../callers/text-stream.js';

test('registration: mismatched or empty confirmation goes back to the name prompt', async () => {
  const h = await boardHarness();
  const c = h.dial();
  await c.answer("Who's calling?", 'Newbie');
  await c.expect('No one here goes by Newbie');
  await c.answer('Password:', 'password1');
  await c.answer('once more', 'password2');
  await c.expect('did not match');
  await c.answer("Who's calling?", 'Newbie');
  await c.answer('Password:', '');
  await c.answer("Who's calling?", 'Newbie');
  await c.answer('Password:', 'abc');
  await c.expect('at least 6 characters');
  assert.equal(await h.store.users.findByName('newbie'), null, 'no account was made');
  await c.answer("Who's calling?", 'x');
  await c.expect('too short');
  await c.answer("Who's calling?", 'root');
  await c.expect('belongs to the board');
  await c.expect('No name, no entry', 'exit');
  const d = h.dial();
  await d.answer("Who's calling?", 'bad\x1bname');
  await d.expect('Names may hold letters');
  await h.close();
});

test('"n" at the MOTD ends the call; the menu ignores case and blanks and explains a bad key', async () => {
  const h = await boardHarness();
  const a = await h.register('Dora');
  a.send(' x ');
  await a.expect("There is no 'X' on this menu");
  a.send(' q ');
  a.send('y'); // Log off? yes
  await a.expect('So long, Dora', 'exit');
  const b = h.dial();
  await b.answer("Who's calling?", 'dora');
  await b.answer('Password:', 'password1');
  await b.answer('go on?', 'n');
  await b.expect('Maybe another time', 'exit');
  const user = await h.store.users.findByName('Dora');
  assert.equal(user?.calls, 2);
  await h.close();
});

test('a message is capped at the stated number of lines and kept as typed', async () => {
  const h = await boardHarness({ limits: { messageLines: 3 } });
  const c = await h.register('Capper');
  c.send('1');
  await c.answer('Subject: (one line; Enter for none)', '');
  await c.expect('up to 3 lines');
  for (const l of ['one', '|04two {{user}}', 'three']) c.send(l);
  await c.expect('That is 3 lines');
  await c.expect(/Message #\d+ posted/);
  const [m] = await h.store.publicMessages.listNewestFirst(1);
  assert.equal(m?.body, 'one\n|04two {{user}}\nthree');
  c.send('1');
  await c.answer('Subject:', '');
  await c.answer(/ 1: /, '');
  await c.answer(/ 1: /, '.');
  await c.expect('Nothing typed, nothing sent');
  await h.close();
});

test('an Enter before the first line of a message is no line at all: it neither numbers nor counts', async () => {
  const h = await boardHarness({ limits: { messageLines: 3 } });
  const c = await h.register('Habit');
  c.send('1');
  await c.answer('Subject:', '');
  await c.answer(/ 1: /, '');
  await c.answer(/ 1: /, 'one');
  await c.answer(/ 2: /, 'two');
  await c.answer(/ 3: /, 'three');
  await c.expect(/Message #\d+ posted/);
  const [m] = await h.store.publicMessages.listNewestFirst(1);
  assert.equal(m?.body, 'one\ntwo\nthree');
  await h.close();
});

test('reading pages to the terminal height and the caller can stop at any page', async () => {
  const h = await boardHarness();
  const c = await h.register('Reader', { terminal: { cols: 80, rows: 12, colorLevel: 1, encoding: 'utf8', ansiBbs: false, termType: '' } });
  const user = (await h.store.users.findByName('Reader'))!;
  for (let i = 1; i <= 30; i++) await h.store.publicMessages.post(user.id, `body number ${i}`, new Date());
  c.send('2');
  await c.expect('30 messages on the board');
  await c.expect('body number 30');
  const more = await c.expect('--More--', 'prompt');
  assert.equal(more.type === 'prompt' && more.mode, 'key');
  const shownBefore = c.text();
  assert.ok(!shownBefore.includes('body number 25'), 'no more than a page before --More--');
  c.send('');
  await c.expect('--More--', 'prompt');
  c.send('q');
  await c.expect('MAIN MENU', 'prompt');
  assert.ok(!c.text().includes('body number 1\n'), 'stopped before the end');
  assert.ok(!c.text().includes('End of messages'));
  await h.close();
});

/** Events after `from` as plain text, one per event, for checking what came before what. */
function eventsFrom(c: { out: readonly OutputEvent[] }, from: number): string[] {
  return c.out.slice(from).map((e) => ('text' in e ? stripAnsi(e.text) + (e.type === 'prompt' ? stripAnsi(e.pchar) : '') : ''));
}

for (const [key, end, seed] of [
  ['2', 'End of messages', 'public'],
  ['4', 'End of your mail', 'private'],
] as const) {
  test(`a read with ${key} longer than the screen ends with a pause before the menu is drawn over its last page`, async () => {
    const h = await boardHarness();
    const c = await h.register('Longread', { terminal: { cols: 80, rows: 24, colorLevel: 1, encoding: 'utf8', ansiBbs: false, termType: '' } });
    const user = (await h.store.users.findByName('Longread'))!;
    const body = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    if (seed === 'public') await h.store.publicMessages.post(user.id, body, new Date());
    else await h.store.privateMessages.send(user.id, user.id, body, new Date());
    c.send(key);
    await c.expect('--More--', 'prompt');
    const from = c.out.length;
    c.send('');
    await c.expect('[Enter] to go on', 'prompt');
    const after = eventsFrom(c, from).join('\n');
    assert.match(after, /line 30/);
    assert.ok(after.indexOf(end) < after.indexOf('[Enter] to go on'), 'the end is said, then the pause');
    assert.ok(!after.includes('MAIN MENU'), 'no menu before the pause');
    c.send('');
    await c.expect('MAIN MENU', 'prompt');
    await h.close();
  });
}

test('a short read needs no pause: the menu follows at once', async () => {
  const h = await boardHarness();
  const c = await h.register('Shortread');
  const user = (await h.store.users.findByName('Shortread'))!;
  await h.store.publicMessages.post(user.id, 'just one line', new Date());
  const from = c.out.length;
  c.send('2');
  await c.expect('End of messages');
  await c.expect('MAIN MENU', 'prompt');
  assert.ok(!eventsFrom(c, from).join('\n').includes('[Enter] to go on'));
  await h.close();
});

test('private mail: unknown recipient refused, unread first, marked read once shown', async () => {
  const h = await boardHarness();
  const a = await h.register('Ann');
  a.send('q');
  a.send('y'); // Log off? yes
  await a.expect('So long', 'exit');
  const b = await h.register('Ben');
  b.send('3');
  await b.answer('Send to whom?', 'Ghost');
  await b.expect("Nobody here goes by 'Ghost'");
  for (const text of ['first note', 'second note']) {
    await b.answer('MAIN MENU', '3');
    await b.answer('Send to whom?', 'ANN');
    await b.answer('Subject:', '');
    b.send(text);
    b.send('.');
    await b.expect('Sent. Ann will find it');
  }
  const ann = (await h.store.users.findByName('ann'))!;
  assert.equal(await h.store.privateMessages.countUnread(ann.id), 2);
  const a2 = h.dial();
  await a2.answer("Who's calling?", 'ann');
  await a2.answer('Password:', 'password1');
  await a2.answer('go on?', '');
  await a2.expect('You have 2 new private messages');
  await a2.answer('MAIN MENU', '4');
  await a2.expect('2 messages for you, 2 new');
  await a2.expect('first note');
  await a2.expect('second note');
  assert.equal(await h.store.privateMessages.countUnread(ann.id), 0);
  await h.close();
});

test('failed passwords slow down that address only, and are logged', async () => {
  let now = 0;
  const guard = new LoginGuard({ baseDelayMs: 30, maxDelayMs: 1000, forgetAfterMs: 60_000 }, () => now);
  const h = await boardHarness({ loginGuard: guard });
  const owner = await h.register('Target', { remote: '192.0.2.1' });
  owner.send('q');
  owner.send('y'); // Log off? yes
  for (let i = 0; i < 3; i++) {
    const thief = h.dial({ remote: '203.0.113.9' });
    await thief.answer("Who's calling?", 'Target');
    await thief.answer('Password:', `guess${i}`);
    if (i > 0) await thief.expect('Checking in');
    await thief.expect('Wrong password. 2 tries left.');
    thief.hangup();
    now += 1;
  }
  assert.ok(guard.waitFor('Target', '203.0.113.9') >= 120, 'the third failure doubles the wait twice');
  assert.equal(guard.waitFor('Target', '192.0.2.1'), 0);
  const back = await h.logIn('target', { remote: '192.0.2.1' });
  assert.ok(!back.text().includes('Checking in'));
  await h.close();
});

test('names: shapes, lengths and reserved words', () => {
  assert.deepEqual(checkName('  Zed Shaw '), { ok: true, name: 'Zed Shaw' });
  assert.deepEqual(checkName('Zoë_99'), { ok: true, name: 'Zoë_99' });
  assert.equal(checkName('two  spaces').ok, false);
  assert.equal(checkName('-dash').ok, false);
  assert.equal(checkName('a'.repeat(21)).ok, false);
  assert.equal(checkName('ROOT').ok, false);
  assert.equal(checkName('sysop', { name: 'rusty', open: true }).ok, false, 'reserved for the board');
  assert.deepEqual(checkName('Sysop', { name: 'sysop', open: true }), { ok: true, name: 'Sysop' }, 'but the configured sysop account may sign up while the board has none');
  assert.deepEqual(checkName('Sysop', { name: 'sysop', open: false }), { ok: false, problem: 'reserved' }, 'and only then');
  assert.equal(checkName('tab\tname').ok, false);
  assert.equal(checkName('zero\u200bwidth').ok, false);
});
