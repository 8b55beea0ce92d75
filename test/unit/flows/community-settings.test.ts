import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PREFERENCES } from '../../../src/flows/preferences.js';
import { terminalFor } from '../../../src/flows/terminal-prefs.js';
import { DEFAULT_TERMINAL, type OutputEvent, type Terminal } from '../../../src/session/events.js';
import { boardHarness } from '../../helpers/in-process-board.js';
import type { FakeCaller } from '../../helpers/fake-caller.js';

function lastTerminal(c: FakeCaller): Terminal | undefined {
  const evs = c.out.filter((e): e is Extract<OutputEvent, { type: 'terminal' }> => e.type === 'terminal');
  return evs[evs.length - 1]?.terminal;
}

function lastPrompt(c: FakeCaller): Extract<OutputEvent, { type: 'prompt' }> | undefined {
  return c.out.filter((e): e is Extract<OutputEvent, { type: 'prompt' }> => e.type === 'prompt').at(-1);
}

test('change password: the old one first; then only the new one opens the account', async () => {
  const h = await boardHarness();
  const c = await h.register('Ann');
  c.send('S');
  await c.answer('YOUR SETTINGS', 'P');
  await c.answer('Your current password', 'wrong-one');
  await c.expect('That is not your current password');
  await c.answer('YOUR SETTINGS', 'P');
  await c.answer('Your current password', 'password1');
  await c.answer('New password', 'abc');
  await c.expect('at least 6 characters');
  await c.answer('YOUR SETTINGS', 'P');
  await c.answer('Your current password', 'password1');
  await c.answer('New password', 'new-secret');
  await c.answer('once more', 'new-secret');
  await c.expect('Password changed');
  assert.equal(await h.store.users.verifyPassword('Ann', 'password1'), null);
  assert.ok(await h.store.users.verifyPassword('Ann', 'new-secret'));
  await h.close();
});

test('colour, terminal profile and screen size: the transport is told at once, and again at the next login', async () => {
  const h = await boardHarness();
  const c = await h.register('Ann', { terminal: { ...DEFAULT_TERMINAL, cols: 100, rows: 30, colorLevel: 3 } });
  c.send('S');
  await c.expect(/Colour +as your client says \(on\)/, 'prompt');
  c.send('C');
  await c.expect('Saved.');
  assert.equal(lastTerminal(c)?.colorLevel, 0);
  await c.expect(/Colour +off/, 'prompt');
  assert.ok(!lastPrompt(c)!.text.includes('\x1b['), 'no colour codes once colour is off');
  c.send('T');
  await c.answer('NSI-BBS', 'A');
  // From a UTF-8 terminal, ANSI-BBS is tried on a CP437 sample first and kept on a yes.
  await c.answer('shaded blocks?', 'y');
  await c.expect('Saved.');
  assert.deepEqual(lastTerminal(c), { ...DEFAULT_TERMINAL, cols: 80, rows: 30, colorLevel: 0, encoding: 'cp437', ansiBbs: true });
  await c.answer('YOUR SETTINGS', 'Z');
  await c.answer('Screen size as COLSxROWS', 'huge');
  await c.expect("'huge' is not a size I can use");
  await c.answer('YOUR SETTINGS', 'Z');
  await c.answer('Screen size as COLSxROWS', '64x20');
  await c.expect('Saved.');
  assert.equal(lastTerminal(c)?.cols, 64);
  assert.equal(lastTerminal(c)?.rows, 20);
  await c.answer('YOUR SETTINGS', 'Q');
  c.send('Q');
  c.send('y'); // Log off? yes
  await c.expect('So long', 'exit');

  const again = await h.logIn('Ann', { terminal: { ...DEFAULT_TERMINAL, cols: 100, rows: 30, colorLevel: 3 } });
  assert.deepEqual(lastTerminal(again), { ...DEFAULT_TERMINAL, cols: 64, rows: 20, colorLevel: 0, encoding: 'cp437', ansiBbs: true });
  again.send('S');
  await again.answer('YOUR SETTINGS', 'T');
  await again.answer('NSI-BBS', 'D');
  await again.answer('YOUR SETTINGS', 'Z');
  await again.answer('Screen size', 'auto');
  await again.answer('YOUR SETTINGS', 'C');
  await again.expect('Saved.');
  assert.deepEqual(lastTerminal(again), { ...DEFAULT_TERMINAL, cols: 100, rows: 30, colorLevel: 3 }, "back to what the client reported");
  await h.close();
});

test('hot keys: menus take one key when on, a typed line when off; expert menus show one line', async () => {
  const h = await boardHarness();
  const c = await h.register('Ann');
  assert.equal(lastPrompt(c)?.mode, 'key');
  c.send('S');
  await c.answer('YOUR SETTINGS', 'H');
  await c.expect(/Hot-key menus +off/, 'prompt');
  assert.equal(lastPrompt(c)?.mode, 'line');
  c.send('X');
  await c.expect(/Expert menus +on/, 'prompt');
  c.send('Q');
  const menu = await c.expect('? for the menu', 'prompt');
  assert.ok(menu.type === 'prompt' && !menu.text.includes('MAIN MENU') && menu.mode === 'line');
  c.send('?');
  await c.expect('MAIN MENU', 'prompt');
  c.send('q');
  c.send('y'); // Log off? yes
  await c.expect('So long', 'exit');
  await h.close();
});

test('the profile line is capped, shown as written, and cleared with -', async () => {
  const h = await boardHarness();
  const c = await h.register('Ann');
  c.send('S');
  await c.answer('YOUR SETTINGS', 'L');
  await c.answer('About you', `${'x'.repeat(70)}`);
  await c.expect('Saved.');
  assert.equal((await h.store.users.findByName('Ann'))!.profile, 'x'.repeat(60));
  await c.answer('YOUR SETTINGS', 'L');
  await c.answer('About you', '-');
  await c.expect(/Profile line +\(none\)/, 'prompt');
  assert.equal((await h.store.users.findByName('Ann'))!.profile, null);
  await h.close();
});

test('preferences over the client: ANSI-BBS is CP437, 16 colours, 80 columns; an explicit size wins', () => {
  const client: Terminal = { ...DEFAULT_TERMINAL, cols: 132, rows: 50, colorLevel: 3 };
  assert.deepEqual(terminalFor(client, DEFAULT_PREFERENCES), client);
  assert.deepEqual(terminalFor(client, { ...DEFAULT_PREFERENCES, terminal: 'ansi-bbs' }), { ...client, cols: 80, colorLevel: 1, encoding: 'cp437', ansiBbs: true });
  assert.deepEqual(terminalFor(client, { ...DEFAULT_PREFERENCES, terminal: 'ansi-bbs', cols: 100, rows: 40 }).cols, 100);
  assert.equal(terminalFor({ ...client, colorLevel: 0 }, { ...DEFAULT_PREFERENCES, color: 'on' }).colorLevel, 1);
  assert.equal(terminalFor(client, { ...DEFAULT_PREFERENCES, color: 'off', terminal: 'modern' }).colorLevel, 0);
});
