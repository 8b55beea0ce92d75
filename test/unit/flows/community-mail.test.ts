import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardHarness } from '../../helpers/in-process-board.js';

test('mailbox: write with a subject; an online recipient is told at once, wherever they are', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  ann.send('A');
  await ann.expect('Area number', 'prompt');
  const ben = await h.register('Ben');
  ben.send('M');
  await ben.expect('Your mailbox is empty');
  await ben.answer('W to write', 'W');
  await ben.answer('Send to whom?', 'ann');
  await ben.expect('Writing to Ann');
  await ben.answer('Subject:', 'Lunch?');
  await ben.expect('Type your message');
  ben.send('Noon at the usual place?');
  ben.send('.');
  await ben.expect('Sent. Ann will find it');
  await ann.expect('*** New mail from Ben: Lunch? ', 'screen');
  const [m] = await h.store.privateMessages.inbox((await h.store.users.findByName('Ann'))!.id, 5);
  assert.equal(m?.subject, 'Lunch?');
  assert.equal(m?.body, 'Noon at the usual place?');
  await h.close();
});

test('mailbox: the index shows subjects; read, reply with the original quoted, delete', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  ann.send('Q');
  ann.send('y'); // Log off? yes
  const ben = await h.register('Ben');
  const [annId, benId] = [(await h.store.users.findByName('Ann'))!.id, (await h.store.users.findByName('Ben'))!.id];
  await h.store.privateMessages.send(benId, annId, 'First line.\nSecond line.', new Date(), 'Plans');
  await h.store.privateMessages.send(benId, annId, 'No subject here.', new Date());
  ben.send('Q');
  ben.send('y'); // Log off? yes
  const a = await h.logIn('Ann');
  assert.match(a.text(), /You have 2 new private messages\./);
  a.send('M');
  await a.expect(/\[ +1\] new Ben +Plans/);
  await a.answer('Number to read', '1');
  await a.expect(/Plans[\s\S]*1\/2 · from Ben[\s\S]*First line\.\nSecond line\./);
  await a.answer('[D]elete', 'R');
  await a.answer('Enter keeps Re: Plans', '');
  await a.answer("Quote Ben's message", 'y');
  await a.expect('> First line.');
  await a.answer(/ 3: $/, 'Sounds good.');
  await a.answer(/ 4: $/, '.');
  await a.expect('Sent. Ben will find it');
  const [reply] = await h.store.privateMessages.inbox(benId, 5);
  assert.equal(reply?.subject, 'Re: Plans');
  assert.equal(reply?.body, '> First line.\n> Second line.\nSounds good.');
  await a.answer('[D]elete', '');
  await a.expect(/\(no subject\)[\s\S]*No subject here\./);
  await a.answer('[D]elete', 'D');
  await a.answer("Delete '(no subject)' from Ben?", 'y');
  await a.expect('Deleted.');
  await a.expect('End of your mail');
  await a.expect(/1 message, 0 new/);
  const left = await h.store.privateMessages.inbox(annId, 5);
  assert.deepEqual(left.map((m) => m.subject), ['Plans']);
  await a.answer('Number to read', '7');
  await a.expect("There is no message '7'");
  await h.close();
});

test("the seed's quick send (3) tells an online recipient too, and a deleted message is gone from menu 4", async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann');
  const ben = await h.register('Ben');
  ben.send('3');
  await ben.answer('Send to whom?', 'Ann');
  await ben.answer('Subject:', '');
  ben.send('quick one');
  ben.send('.');
  await ben.expect('Sent. Ann will find it');
  await ann.expect('*** New mail from Ben: (no subject)');
  const annId = (await h.store.users.findByName('Ann'))!.id;
  const [m] = await h.store.privateMessages.inbox(annId, 5);
  assert.ok(await h.store.privateMessages.deleteForRecipient(annId, m!.id));
  ann.send('4');
  await ann.expect('Your mailbox is empty');
  await h.close();
});
