import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardHarness } from '../../helpers/in-process-board.js';
import type { FakeCaller } from '../../helpers/fake-caller.js';
import { stripAnsi } from '../../callers/text-stream.js';

/** Clear screen, retitle the window, ring the bell, then board markup: all of it must arrive as plain characters. */
const PAYLOAD = '\x1b[2J\x1b]0;pwned\x07EVIL|04red{{user}}';
const SHOWN = '^[[2J^[]0;pwned^GEVIL|04red{{user}}';

/** Everything the board sent this caller, raw, as the transport would put it on the wire. */
function raw(c: FakeCaller): string {
  return c.out.map((e) => ('text' in e ? e.text + ('pchar' in e ? e.pchar : '') : '')).join('\n');
}

function assertHarmless(c: FakeCaller, where: string): void {
  const all = raw(c);
  assert.ok(all.includes(SHOWN), `${where}: the payload is shown as visible text`);
  for (const bad of ['\x1b[2J', '\x1b]0;', '\x07']) assert.ok(!all.includes(bad), `${where}: ${JSON.stringify(bad)} reached the caller raw`);
  assert.ok(!all.includes('EVIL|04redVictim'), `${where}: {{user}} was not expanded`);
}

test('user text with escapes, pipe codes and {{variables}} reaches other callers as harmless visible text', async () => {
  const h = await boardHarness();
  const evil = await h.register('Mallory');
  const victim = await h.register('Victim');

  // A topic whose subject and body carry the payload, read by new-scan and by the seed's reader.
  evil.send('A');
  await evil.answer('Area number', '1');
  await evil.answer('Post a new topic', 'P');
  await evil.answer('Subject:', PAYLOAD);
  await evil.expect('Type your message');
  evil.send(PAYLOAD);
  evil.send('.');
  await evil.expect(/Message #1 posted/);
  assert.equal((await h.store.publicMessages.findById(1))!.body, PAYLOAD, 'stored as written');
  victim.send('N');
  await victim.answer('[S]kip area', 'Q');
  await victim.answer('MAIN MENU', '2');
  await victim.expect('End of messages');
  assertHarmless(victim, 'messages');

  // A chat line and an action.
  await evil.answer('Post a new topic', 'Q');
  await evil.answer('Area number', '');
  await victim.answer('MAIN MENU', 'C');
  await victim.expect('Here now');
  await evil.answer('MAIN MENU', 'C');
  await victim.expect('Mallory joined');
  evil.send(PAYLOAD);
  evil.send(`/me ${PAYLOAD}`);
  await victim.expect(`* Mallory ${SHOWN}`);
  evil.send('/quit');
  victim.send('/quit');

  // A oneliner, a profile line and a page.
  await evil.answer('MAIN MENU', 'O');
  await evil.answer('Add your own line', 'y');
  await evil.answer('Your oneliner', PAYLOAD.slice(0, 40));
  await evil.answer('to go on', '');
  await evil.answer('MAIN MENU', 'S');
  await evil.answer('YOUR SETTINGS', 'L');
  await evil.answer('About you', PAYLOAD);
  await evil.answer('YOUR SETTINGS', 'Q');
  await victim.answer('MAIN MENU', 'O');
  await victim.expect('Mallory: ^[[2J^[]0;pwned^GEVIL|04red{{u');
  await victim.answer('Add your own line', 'n');
  await victim.answer('MAIN MENU', 'U');
  await victim.expect(`“${SHOWN}”`);
  await victim.answer('to go on', '');
  await evil.answer('MAIN MENU', 'P');
  await evil.answer('Page whom?', 'victim');
  await evil.answer('Your page to Victim', PAYLOAD);
  await victim.expect(`Page from Mallory`);

  // Mail with the payload as subject and body.
  await evil.answer('MAIN MENU', 'M');
  await evil.answer('W to write', 'W');
  await evil.answer('Send to whom?', 'Victim');
  await evil.answer('Subject:', PAYLOAD);
  evil.send(PAYLOAD);
  evil.send('.');
  await victim.expect(`New mail from Mallory: ${SHOWN}`);
  victim.send('M');
  await victim.answer('Number to read', '1');
  await victim.answer('[D]elete', 'Q');
  assertHarmless(victim, 'everything');
  await h.close();
});

test('a name can never carry an escape or markup: registration refuses it and says so harmlessly', async () => {
  const h = await boardHarness();
  const c = h.dial();
  for (const name of ['\x1b[31mRed', 'pipe|04', 'curly{{user}}']) {
    await c.answer("Who's calling?", name);
    await c.expect('Names may hold letters');
  }
  assert.equal(await h.store.users.count(), 0);
  assert.ok(!raw(c).includes('\x1b[31mRed'));
  await h.close();
});

test('single-line fields stay one row: a profile line typed with line breaks, and a oneliner stored with one by an older board', async () => {
  const h = await boardHarness();
  const evil = await h.register('Mallory');
  const victim = await h.register('Victim');
  const forged = '*** SYSOP sysop to everyone: reboot';
  evil.send('S');
  await evil.answer('YOUR SETTINGS', 'L');
  await evil.answer('About you', `hello\r\n${forged}\u2028\v\f\u0085\u2029end`);
  await evil.answer('YOUR SETTINGS', 'Q');
  const mallory = (await h.store.users.findByName('Mallory'))!;
  assert.equal(mallory.profile, `hello ${forged} end`, 'the answer was one line before anything kept it');
  await h.store.oneliners.add(mallory.id, `wall\r\n${forged}`, new Date());

  victim.send('U');
  await victim.expect(`“hello ${forged} end”`);
  await victim.answer('to go on', '');
  await victim.answer('MAIN MENU', 'O');
  await victim.expect(`Mallory: wall ${forged}`);
  const rows = raw(victim).split('\n').map(stripAnsi);
  assert.deepEqual(rows.filter((r) => r.trimStart().startsWith('***')), [], 'no row of its own that looks like the board\'s');
  await h.close();
});
