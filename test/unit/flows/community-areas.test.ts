import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaSetting } from '../../../src/config/settings.js';
import { boardHarness } from '../../helpers/in-process-board.js';
import type { FakeCaller } from '../../helpers/fake-caller.js';

/** From the main menu (its prompt already seen) back to it: area list, area, P, subject, body. */
async function postTopic(c: FakeCaller, area: string, subject: string, lines: string[]): Promise<void> {
  c.send('A');
  await c.answer('Area number', area);
  await c.answer('Post a new topic', 'P');
  await c.answer('Subject:', subject);
  await c.expect('Type your message');
  for (const l of [...lines, '.']) c.send(l);
  await c.expect(/Message #\d+ posted/);
  await c.answer('Post a new topic', 'Q');
  await c.answer('Area number', '');
  await c.expect('MAIN MENU', 'prompt');
}

test('areas: unread counts per area, the sysop area only for sysops, posting needs the area level', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  await postTopic(zed, '3', 'Board rules', ['Be kind.']);
  await postTopic(zed, '2', 'C64 or Amiga?', ['Discuss.']);
  const ann = await h.register('Ann');
  ann.send('A');
  await ann.expect('Area number', 'prompt');
  const list = ann.text();
  assert.match(list, /Retro computing\s+1\s+1\s+read only/, 'new users read retro but may not post there');
  assert.match(list, /General\s+0\s+0/);
  assert.ok(!list.includes("Sysop's corner"), 'the sysop area is hidden from a new user');
  ann.send('2');
  await ann.answer('Post a new topic', 'P');
  await ann.expect('Posting in Retro computing takes the member level');
  await ann.answer('Post a new topic', 'N');
  await ann.expect(/C64 or Amiga\?[\s\S]*Discuss\./);
  await ann.answer('[R]eply', '');
  await ann.expect('That is everything new in Retro computing');
  assert.equal(await h.store.areaReads.unreadCount((await h.store.users.findByName('Ann'))!.id, 'retro'), 0);
  await h.close();
});

test('a new user is a member from their second call on, or from their first message', async () => {
  const h = await boardHarness();
  await h.register('Zed');
  const ann = await h.register('Ann');
  assert.equal((await h.store.users.findByName('Ann'))!.level, 'new');
  ann.send('Q');
  ann.send('y'); // Log off? yes
  const again = h.dial();
  await again.answer("Who's calling?", 'Ann');
  await again.answer('Password:', 'password1');
  await again.expect('you are a member now');
  await again.answer('go on?', 'y');
  await again.expect('· member ·', 'prompt');
  const bob = await h.register('Bob');
  bob.send('1');
  await bob.answer('Subject:', '');
  bob.send('hello all');
  bob.send('.');
  await bob.expect(/Message #\d+ posted/);
  await bob.expect('you are a member now');
  assert.equal((await h.store.users.findByName('Bob'))!.level, 'member');
  await h.close();
});

test('topics, replies with the original quoted, and whole threads', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  await postTopic(zed, '1', 'Hello world', ['First line of the topic.', 'Second line.']);
  const ann = await h.register('Ann');
  ann.send('A');
  await ann.answer('Area number', '1');
  await ann.answer('Post a new topic', 'T');
  await ann.expect(/Hello world\s+Zed\s+0/);
  await ann.answer('Topic number', '1');
  await ann.expect('Thread: Hello world (1 message,');
  await ann.answer('next in thread', 'R');
  await ann.expect('Replying to Zed, message #1');
  await ann.answer('Enter keeps Re: Hello world', '');
  await ann.answer("Quote Zed's message", '');
  await ann.expect('The quote is already in (2 lines)');
  await ann.expect('> First line of the topic.');
  await ann.answer(/ 3: $/, 'Welcome!');
  await ann.answer(/ 4: $/, '.');
  await ann.expect(/Message #2 posted/);
  const reply = (await h.store.publicMessages.findById(2))!;
  assert.equal(reply.parentId, 1);
  assert.equal(reply.area, 'general');
  assert.equal(reply.subject, 'Re: Hello world');
  assert.equal(reply.body, '> First line of the topic.\n> Second line.\nWelcome!');
  await ann.answer('next in thread', 'Q');
  await ann.expect(/Hello world\s+Zed\s+1/, 'screen');
  await ann.answer('Topic number', '1');
  await ann.expect('Thread: Hello world (2 messages,');
  await ann.answer('next in thread', '');
  await ann.expect(/Re: Hello world[\s\S]*reply to #1[\s\S]*Welcome!/);
  await ann.answer('next in thread', '');
  await ann.expect('End of the thread');
  await h.close();
});

test('a reply with only the quote is not sent; an empty topic subject posts nothing', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  await postTopic(zed, '1', 'Quiet', ['Anyone?']);
  zed.send('A');
  await zed.answer('Area number', '1');
  await zed.answer('Post a new topic', 'P');
  await zed.answer('Subject:', '   ');
  await zed.expect('A new topic needs a subject');
  await zed.answer('Post a new topic', 'T');
  await zed.answer('Topic number', '1');
  await zed.answer('next in thread', 'R');
  await zed.answer('Enter keeps', '');
  await zed.answer('Quote', 'y');
  await zed.answer(/ 2: $/, '.');
  await zed.expect('Nothing typed, nothing sent');
  assert.equal(await h.store.publicMessages.count(), 1);
  await h.close();
});

test('new-scan: every readable area in order, each message marked read as shown, S skips an area for now', async () => {
  const h = await boardHarness();
  await h.register('Zed');
  const zedId = (await h.store.users.findByName('Zed'))!.id;
  const post = (area: string, subject: string): Promise<unknown> => h.store.publicMessages.postMessage({ authorId: zedId, body: `about ${subject}`, at: new Date(), area, subject });
  await post('general', 'g1');
  await post('retro', 'r1');
  await post('general', 'g2');
  await post('sysop', 's1');
  await post('retro', 'r2');
  const ann = await h.register('Ann');
  assert.match(ann.text(), /New-scan\s+4 new/);
  ann.send('N');
  await ann.expect('4 new messages in 2 areas');
  await ann.expect('General ═══ 2 new');
  await ann.expect('about g1');
  await ann.answer('[S]kip area', '');
  await ann.expect('about g2');
  await ann.answer('[S]kip area', 'Q');
  const annId = (await h.store.users.findByName('Ann'))!.id;
  assert.equal(await h.store.areaReads.unreadCount(annId, 'general'), 0);
  assert.equal(await h.store.areaReads.unreadCount(annId, 'retro'), 2);
  await ann.answer('MAIN MENU', 'N');
  await ann.expect('2 new messages in 1 area.');
  await ann.expect('about r1');
  await ann.answer('[S]kip area', 'S');
  await ann.expect('You are all caught up');
  assert.equal(await h.store.areaReads.unreadCount(annId, 'retro'), 1, 'what was shown is read, the rest of a skipped area waits');
  assert.ok(!ann.text().includes('about s1'), 'the sysop area is not scanned for a new user');
  await ann.answer('MAIN MENU', 'N');
  await ann.expect('about r2');
  await ann.answer('[S]kip area', 'N');
  await ann.expect('You are all caught up');
  await ann.answer('MAIN MENU', 'N');
  await ann.expect('Nothing new since your last visit');
  await h.close();
});

test("the seed's 1 and 2 work on the first configured area, and your own message is not news to you", async () => {
  const areas: AreaSetting[] = [
    { name: 'lobby', title: 'The Lobby', description: 'Come in.', read: 'new', post: 'new' },
    { name: 'general', title: 'General', description: '', read: 'new', post: 'new' },
  ];
  const h = await boardHarness({ areas });
  const c = await h.register('Zed');
  c.send('1');
  await c.answer('Subject:', '');
  c.send('In the lobby.');
  c.send('.');
  await c.expect(/Message #1 posted/);
  const zed = (await h.store.users.findByName('Zed'))!;
  await h.store.publicMessages.postMessage({ authorId: zed.id, body: 'Elsewhere.', at: new Date(), area: 'general' });
  assert.equal((await h.store.publicMessages.findById(1))!.area, 'lobby');
  assert.equal(await h.store.areaReads.unreadCount(zed.id, 'lobby'), 0);
  await c.answer('MAIN MENU', '2');
  await c.expect('1 message on the board');
  await c.expect('In the lobby.');
  await c.expect('End of messages');
  assert.ok(!c.text().includes('Elsewhere.'));
  await h.close();
});
