import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOfDay } from '../../../src/flows/oneliners.js';
import { boardHarness } from '../../helpers/in-process-board.js';
import { screenSize, viaName } from '../../../src/screens/transport-names.js';

test('oneliners: newest first, one a day for a caller, any number for the sysop', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  const ann = await h.register('Ann');
  ann.send('O');
  await ann.expect('The wall is bare');
  await ann.answer('Add your own line', 'y');
  await ann.answer('Your oneliner', 'first!');
  await ann.expect(/Ann: first!/);
  await ann.answer('to go on', '');
  await ann.answer('MAIN MENU', 'O');
  await ann.expect(/One line a day on the wall, and yours for today is up\.\s+Your next one in (\d+h( \d+m)?|\d+m|\d+s) \(at midnight UTC\)/);
  await ann.answer('to go on', '');
  await ann.expect('MAIN MENU', 'prompt');
  assert.ok(!/Add your own line/.test(ann.text().slice(ann.text().lastIndexOf('THE WALL'))), 'a line that would be refused is not offered');
  for (const text of ['sysop one', 'sysop two']) {
    zed.send('O');
    await zed.answer('Add your own line', 'y');
    await zed.answer('Your oneliner', text);
    await zed.answer('to go on', '');
    await zed.expect('MAIN MENU', 'prompt');
  }
  const wall = await h.store.oneliners.listNewestFirst(10);
  assert.deepEqual(wall.map((o) => o.text), ['sysop two', 'sysop one', 'first!']);
  zed.send('O');
  const shown = await zed.expect('THE WALL');
  const text = shown.type === 'screen' ? shown.text : '';
  assert.ok(text.indexOf('sysop two') < text.indexOf('sysop one') && text.indexOf('sysop one') < text.indexOf('first!'), 'newest first');
  await zed.answer('Add your own line', 'n');
  await zed.expect('MAIN MENU', 'prompt');
  assert.equal(startOfDay(new Date('2026-03-04T23:59:59Z')).toISOString(), '2026-03-04T00:00:00.000Z');
  await h.close();
});

test('oneliners: an address that has filled its share of the wall is told when, not offered a line', async () => {
  const h = await boardHarness();
  await h.register('Zed');
  for (const name of ['Ann', 'Ben', 'Cid', 'Dot', 'Eve']) {
    const c = await h.register(name);
    c.send('O');
    await c.answer('Add your own line', 'y');
    await c.answer('Your oneliner', `${name} was here`);
    await c.answer('to go on', '');
    await c.expect('MAIN MENU', 'prompt');
  }
  const fay = await h.register('Fay');
  fay.send('O');
  await fay.expect(/The wall takes 5 lines a day from one address\.\s+Your next one in (2[34]h|\d+h \d+m)\./);
  await fay.answer('to go on', '');
  await fay.expect('MAIN MENU', 'prompt');
  assert.ok(!/Add your own line/.test(fay.text()), 'not offered');
  const elsewhere = await h.register('Gus', { remote: '10.1.1.1' });
  elsewhere.send('O');
  await elsewhere.answer('Add your own line', 'n');
  await elsewhere.expect('MAIN MENU', 'prompt');
  await h.close();
});

test('last callers: who called when and over which wire, without the ones who never logged in', async () => {
  const h = await boardHarness();
  const ann = await h.register('Ann', { transport: 'telnet' });
  ann.send('Q');
  ann.send('y'); // Log off? yes
  await ann.expect('So long', 'exit');
  const nobody = h.dial({ transport: 'ssh' });
  await nobody.expect("Who's calling?", 'prompt');
  nobody.hangup();
  const ben = await h.register('Ben', { transport: 'websocket' });
  ben.send('L');
  await ben.expect('LAST CALLERS');
  const text = ben.text();
  assert.match(text, /Ben +\d{4}-\d\d-\d\d \d\d:\d\d web +online/);
  assert.match(text, /Ann +\d{4}-\d\d-\d\d \d\d:\d\d telnet\s/);
  assert.ok(!/ssh/.test(text.slice(text.indexOf('LAST CALLERS'))), 'a call that never logged in is not listed');
  await h.close();
});

test('user list: name, level, calls, last call, and the profile line the user wrote', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('S');
  await zed.answer('YOUR SETTINGS', 'L');
  await zed.answer('About you', 'Runs this place.');
  await zed.expect('Saved.');
  await zed.answer('YOUR SETTINGS', 'Q');
  const ann = await h.register('Ann');
  ann.send('U');
  await ann.expect('2 accounts');
  const text = ann.text();
  assert.match(text, /Zed +sysop +1 +\d{4}-\d\d-\d\d\n +“Runs this place\.”/);
  assert.match(text, /Ann +new +1 +\d{4}-\d\d-\d\d/);
  await h.close();
});

test('board info: the sysop, uptime from when the board started, and counts of users, messages and calls', async () => {
  const h = await boardHarness({ startedAt: new Date(Date.now() - (2 * 86400 + 3 * 3600) * 1000) });
  const zed = await h.register('Zed');
  zed.send('1');
  await zed.answer('Subject:', '');
  zed.send('hello');
  zed.send('.');
  await zed.expect(/Message #1 posted/);
  const ann = await h.register('Ann');
  ann.send('I');
  await ann.expect(/Sysop +Zed/);
  const text = ann.text();
  assert.match(text, /\(2d 3h\)/);
  assert.match(text, /Callers +2 accounts, 2 online now/);
  assert.match(text, /Messages +1 message in 3 areas/);
  assert.match(text, /Calls +2 calls since the board began/);
  await h.close();
});

test('a new user is told of mail waiting at login, after the news', async () => {
  const h = await boardHarness();
  await h.register('Ann');
  await h.register('Ben');
  const [ann, b] = [(await h.store.users.findByName('Ann'))!, (await h.store.users.findByName('Ben'))!];
  await h.store.privateMessages.send(b.id, ann.id, 'hi', new Date(), 'Hello');
  const again = await h.logIn('Ann');
  assert.match(again.text(), /Test news\.[\s\S]*You have 1 new private message\./);
  await h.close();
});

test("callers are shown the wire in callers' words, and the board's info says an 80x24 screen", async () => {
  assert.equal(viaName('tcpjson'), '2010 client');
  assert.equal(viaName('websocket'), 'web');
  assert.equal(viaName('ssh'), 'SSH');
  assert.equal(screenSize(80, 24), 'an 80x24');
  assert.equal(screenSize(132, 50), 'a 132x50');
  assert.equal(screenSize(40, 20), 'a 40x20');
  assert.equal(screenSize(18, 10), 'an 18x10');

  const h = await boardHarness();
  const old = await h.register('Oldtimer', { transport: 'tcpjson' });
  old.send('W');
  await old.expect(/Oldtimer +2010 client/);
  await old.answer('to go on', '');
  old.send('I');
  await old.expect('you call via 2010 client on an 80x24 screen');
});
