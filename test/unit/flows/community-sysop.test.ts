import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardHarness } from '../../helpers/in-process-board.js';

test('the first account is the sysop; nobody else sees or reaches the sysop menu, and board.sysop names nobody once there is one', async () => {
  const h = await boardHarness({ sysop: 'Morgan' });
  const first = await h.register('Zed');
  assert.match(first.text(), /you are this board's sysop/);
  assert.match(first.text(), /\[!\] Sysop menu/);
  const ann = await h.register('Ann');
  assert.ok(!ann.text().includes('Sysop menu'));
  ann.send('!');
  await ann.expect("There is no '!' on this menu");
  const late = h.dial();
  await late.answer("Who's calling?", 'morgan');
  await late.expect('That name belongs to the board');
  const levels = Object.fromEntries((await h.store.users.list()).map((u) => [u.name, u.level]));
  assert.deepEqual(levels, { Zed: 'sysop', Ann: 'new' });
  await h.close();
});

test('while the board has no sysop, the account board.sysop names takes the seat', async () => {
  const h = await boardHarness({ sysop: 'Morgan' });
  await h.register('Ann');
  await h.store.users.setLevel((await h.store.users.findByName('Ann'))!.id, 'member');
  const morgan = await h.register('morgan');
  assert.match(morgan.text(), /you are this board's sysop/);
  const levels = Object.fromEntries((await h.store.users.list()).map((u) => [u.name, u.level]));
  assert.deepEqual(levels, { Ann: 'member', morgan: 'sysop' });
  await h.close();
});

test('sysop: levels, no banning or demoting yourself, and the call log with addresses', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed', { remote: '198.51.100.7' });
  const ann = await h.register('Ann', { remote: '203.0.113.5', transport: 'telnet' });
  zed.send('!');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user?', 'Nobody');
  await zed.expect("Nobody here goes by 'Nobody'");
  await zed.answer('Which user?', 'ann');
  await zed.answer(/Level +new +Status in good standing/, 'L');
  await zed.answer('Level for Ann (now new)', 'M');
  await zed.expect('Ann is member now');
  await zed.answer(/Level +member/, 'Q');
  assert.equal((await h.store.users.findByName('Ann'))!.level, 'member');
  ann.send('W');
  await ann.answer('to go on', '');
  await ann.expect(/· member ·/, 'prompt');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user?', 'zed');
  await zed.answer('Ban / unban', 'B');
  await zed.expect('Not on yourself');
  await zed.answer('Ban / unban', 'L');
  await zed.expect('Not on yourself');
  await zed.answer('Ban / unban', 'Q');
  await zed.answer('SYSOP MENU', 'L');
  await zed.expect('CALL LOG');
  assert.match(zed.text(), /Ann +telnet +203\.0\.113\.5 +now +online/);
  assert.match(zed.text(), /Zed +fake +198\.51\.100\.7/);
  await h.close();
});

test('the MOTD edited on the board is what callers see next, until the sysop goes back to the config file', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('!');
  await zed.answer('SYSOP MENU', 'M');
  await zed.expect(/Today's news \(the config file\), as written:\nTest news\./);
  await zed.answer('Write a new one', 'E');
  await zed.expect('Type the new news');
  zed.send('Party on Friday!');
  zed.send('Bring |04floppies {{user}}.');
  zed.send('.');
  await zed.answer('Save this as the news?', 'y');
  await zed.expect('The news is updated');
  const ann = await h.register('Ann');
  assert.match(ann.text(), /Party on Friday!\nBring floppies Ann\./, 'pipe codes colour it and {{user}} is the caller');
  assert.ok(ann.out.some((e) => 'text' in e && e.text.includes('\x1b[31mfloppies Ann.')), 'drawn in red for the caller');
  await zed.answer('SYSOP MENU', 'M');
  await zed.answer('Write a new one', 'R');
  await zed.expect('The news is updated');
  const ben = await h.register('Ben');
  assert.match(ben.text(), /Test news\./);
  assert.ok(!ben.text().includes('Party on Friday'));
  await h.close();
});

test("the MOTD editor shows the new news drawn as callers will see it, on the sysop's terminal, and saves only on yes", async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  zed.send('!');
  await zed.answer('SYSOP MENU', 'M');
  await zed.answer('Write a new one', 'E');
  const intro = await zed.expect('Type the new news');
  const introText = 'text' in intro ? intro.text : '';
  assert.match(introText, /Pipe codes such as .*\|14.* colour it, and .*\{\{user\}\}.* greets each caller/, 'the markup is named as typed');
  assert.ok(!zed.text().includes('Blank messages are not sent'), 'no message wording in the MOTD editor');
  zed.send('|14Welcome back, {{user}}!');
  zed.send('Escape \x1b[2J stays visible.');
  zed.send('.');
  await zed.expect('This is how callers will see it');
  const preview = await zed.expect('News from the sysop');
  const drawn = 'text' in preview ? preview.text : '';
  assert.ok(drawn.includes('\x1b[93mWelcome back, Zed!'), 'pipe code drawn as colour, {{user}} as the sysop');
  assert.ok(drawn.includes('Escape ^[[2J stays visible.'), 'control characters are shown, never sent');
  await zed.answer('Save this as the news?', 'n');
  await zed.expect('Nothing saved; the news stays as it was.');
  assert.equal(await h.store.boardSettings.get('motd'), null);
  await zed.answer('SYSOP MENU', 'M');
  await zed.answer('Write a new one', 'E');
  zed.send('.');
  await zed.expect('Nothing saved; the news stays as it was.');
  assert.ok(!zed.text().includes('Nothing typed, nothing sent'));
  await h.close();
});

test('unban lets the caller back in', async () => {
  const h = await boardHarness();
  const zed = await h.register('Zed');
  await h.register('Ann');
  await h.store.users.setBanned((await h.store.users.findByName('Ann'))!.id, true);
  zed.send('!');
  await zed.answer('SYSOP MENU', 'U');
  await zed.answer('Which user?', 'Ann');
  await zed.answer(/Status BANNED/, 'B');
  await zed.answer('Let Ann back in?', 'y');
  await zed.expect('Ann may call again');
  await h.logIn('Ann');
  await h.close();
});

test('a caller banned from the shell while online is shown out at their next menu', async () => {
  const h = await boardHarness();
  await h.register('Zed');
  const ann = await h.register('Ann');
  await h.store.users.setBanned((await h.store.users.findByName('Ann'))!.id, true);
  ann.send('W');
  await ann.answer('to go on', '');
  await ann.expect('The sysop has closed the account Ann', 'exit');
  await h.close();
});
