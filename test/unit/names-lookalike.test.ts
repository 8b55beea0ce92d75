import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName, nameSkeleton } from '../../src/flows/names.js';
import { boardHarness } from '../helpers/board-harness.js';

test('skeleton: case, width, accents, separators, Cyrillic and Greek look-alikes and digit swaps fold together', () => {
  const same = (a: string, b: string): void => assert.equal(nameSkeleton(a), nameSkeleton(b), `${a} ~ ${b}`);
  same('Zed', 'zED');
  same('Zed', 'ＺＥＤ');
  same('Zed', 'Z\u0435d'); // Cyrillic е
  same('Bob', 'B0b');
  same('Carl', 'CarI');
  same('Carl', 'Car1');
  same('poco', '\u0440\u043e\u0441\u043e'); // Cyrillic р о с о
  same('Oxo', '\u039f\u03c7\u03bf'); // Greek Ο χ ο
  same('Zoë', 'Zoe');
  same('Zed Shaw', 'zed_shaw');
  same('Zed.Shaw', 'ZedShaw');
  same('modern', 'rnodern');
  same('TRINITY', 'trinity');
  assert.notEqual(nameSkeleton('Zed'), nameSkeleton('Zee'));
  assert.notEqual(nameSkeleton('Ann'), nameSkeleton('Anne'));
});

test('names: control characters, mixed alphabets and reserved words are refused, also in disguise', () => {
  assert.deepEqual(checkName('bad\x1bname'), { ok: false, problem: 'characters' });
  assert.deepEqual(checkName('zero\u200bwidth'), { ok: false, problem: 'characters' });
  assert.deepEqual(checkName('Z\u0435d'), { ok: false, problem: 'mixed' });
  assert.deepEqual(checkName('\u0417\u0435\u0434'), { ok: true, name: '\u0417\u0435\u0434' }, 'all Cyrillic is a fine name');
  assert.deepEqual(checkName('5YS0P'), { ok: false, problem: 'reserved' });
  assert.deepEqual(checkName('Adm1n'), { ok: false, problem: 'reserved' });
  assert.deepEqual(checkName('Zed'), { ok: true, name: 'Zed' });
});

test('registration refuses a name that looks like an existing one, and says whose', async () => {
  const h = await boardHarness();
  await h.register('Bob');
  const c = h.dial();
  await c.answer("Who's calling?", 'B0B');
  await c.expect("'B0B' looks too much like Bob");
  await c.answer("Who's calling?", 'B\u043ebby');
  await c.expect('Names keep to one alphabet');
  await c.answer("Who's calling?", 'Bobby');
  await c.expect('No one here goes by Bobby yet');
  assert.equal(await h.store.users.count(), 1);
  await h.close();
});
