import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardHarness } from '../../helpers/in-process-board.js';

test('the topic prompt takes Q, upper or lower case, back to the area menu', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('A');
  await zed.answer('Area number', '1');
  await zed.answer('Post a new topic', 'P');
  await zed.answer('Subject:', 'Hello');
  await zed.expect('Type your message');
  for (const l of ['First.', '.']) zed.send(l);
  await zed.expect(/Message #\d+ posted/);
  for (const q of ['q', 'Q']) {
    await zed.answer('Post a new topic', 'T');
    await zed.answer('Topic number to read, Q or Enter to go back', q);
  }
  await zed.answer('Post a new topic', 'Q');
  await zed.expect('Area number', 'prompt');
  assert.ok(!/There is no topic/.test(zed.text()), 'Q is not taken for a topic number');
  await h.close();
});

test("the sysop's Which user? lists accounts on ?, banned ones marked, and names close to a wrong one", async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  for (const name of ['Annabel', 'Joanna', 'Bob']) await h.register(name);
  await h.store.users.setBanned((await h.store.users.findByName('Bob'))!.id, true);
  zed.send('!');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user? (? lists them all; Enter to go back)', '?');
  await zed.expect('4 accounts');
  const list = zed.text().slice(zed.text().lastIndexOf('USERS'));
  assert.match(list, /Bob +banned/);
  for (const name of ['Zed', 'Annabel', 'Joanna']) assert.match(list, new RegExp(`${name} +(sysop|new)`));
  await zed.answer('to go on', '');
  await zed.answer('Which user?', 'ANN');
  await zed.expect("Nobody here goes by 'ANN'. Names holding it: Annabel, Joanna");
  await zed.answer('Which user?', 'xyz');
  await zed.expect("Nobody here goes by 'xyz'.");
  await zed.answer('Which user?', 'joanna');
  await zed.answer(/Level +new +Status in good standing/, 'Q');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user?', '');
  await zed.expect('SYSOP MENU', 'prompt');
  await h.close();
});

test('counts are said as a person says them: 1 caller, 1 message, 2 topics, never "(s)"', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('W');
  await zed.expect('1 caller on the board.');
  await zed.answer('to go on', '');
  zed.send('!');
  await zed.answer('SYSOP MENU', 'B');
  await zed.answer('Line to broadcast', 'hello');
  await zed.expect('Broadcast to 1 caller.');
  await zed.answer('SYSOP MENU', 'Q');
  for (const subject of ['One', 'Two']) {
    zed.send('A');
    await zed.answer('Area number', '1');
    await zed.answer('Post a new topic', 'P');
    await zed.answer('Subject:', subject);
    await zed.expect('Type your message');
    for (const l of ['Body.', '.']) zed.send(l);
    await zed.expect(/Message #\d+ posted/);
    await zed.answer('Post a new topic', 'T');
    await zed.expect(subject === 'One' ? '1 topic, liveliest first' : '2 topics, liveliest first');
    await zed.answer('Topic number', '1');
    await zed.expect(`(1 message, oldest first)`);
    await zed.answer('next in thread', 'Q');
    await zed.answer('Topic number', '');
    await zed.answer('Post a new topic', 'Q');
    await zed.answer('Area number', '');
    await zed.expect('MAIN MENU', 'prompt');
  }
  const ann = await h.register('Ann');
  ann.send('N');
  await ann.expect('New-scan: 2 new messages in 1 area.');
  assert.ok(!/\(s\)/.test(zed.text() + ann.text()), 'no "(s)" anywhere');
  await h.close();
});

test("menu 1 and menu 3 ask for a subject, Enter for none, as the areas and the mailbox do", async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  await h.register('Ann');
  zed.send('1');
  await zed.answer('Subject: (one line; Enter for none)', 'Greetings');
  await zed.answer(/ 1: $/, 'Hello, board.');
  await zed.answer(/ 2: $/, '.');
  await zed.expect(/Message #\d+ posted/);
  await zed.answer('MAIN MENU', '1');
  await zed.answer('Subject: (one line; Enter for none)', '');
  await zed.answer(/ 1: $/, 'No subject here.');
  await zed.answer(/ 2: $/, '.');
  await zed.expect(/Message #\d+ posted/);
  assert.deepEqual((await h.store.publicMessages.listNewestFirst(2)).map((m) => [m.subject, m.body]), [[null, 'No subject here.'], ['Greetings', 'Hello, board.']]);
  await zed.answer('MAIN MENU', '3');
  await zed.answer('Send to whom?', 'ann');
  await zed.answer('Subject: (one line; Enter for none)', 'Lunch');
  await zed.answer(/ 1: $/, 'At noon?');
  await zed.answer(/ 2: $/, '.');
  await zed.expect('Sent. Ann will find it');
  await zed.answer('MAIN MENU', '3');
  await zed.answer('Send to whom?', 'ann');
  await zed.answer('Subject:', '');
  await zed.answer(/ 1: $/, 'Plain.');
  await zed.answer(/ 2: $/, '.');
  await zed.expect('Sent. Ann will find it');
  const inbox = await h.store.privateMessages.inbox((await h.store.users.findByName('Ann'))!.id, 5);
  assert.deepEqual(inbox.map((m) => m.subject).sort(), ['Lunch', null].sort());
  await h.close();
});
