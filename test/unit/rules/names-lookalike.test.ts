import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkName, nameSkeleton, vetNewName } from '../../../src/rules/names.js';
import { SCRIPTS, mixedScripts } from '../../../src/rules/name-scripts.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { boardHarness } from '../../helpers/in-process-board.js';

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

test('skeleton: letters of every script that Unicode lists as confusable, and invisible characters, fold away', () => {
  const same = (a: string, b: string): void => assert.equal(nameSkeleton(a), nameSkeleton(b), `${a} ~ ${b}`);
  same('alice', '\u0251lice'); // Latin small alpha
  same('victim', '\u1d20ictim'); // Latin small capital V
  same('victim', 'v\u13a5ctim'); // Cherokee
  same('victim', 'v\uab75ctim'); // Cherokee small letter
  same('sysop', '\ua4e2ysop'); // Lisu
  same('sysop', 'sysop\u3164'); // Hangul filler
  same('bob', 'bob\u115f'); // Hangul choseong filler
  same('bob', 'b\u200bob'); // zero width space
  assert.equal(nameSkeleton('\u3164\u3164\u3164'), '');
});

test('names: control characters, invisible characters, mixed scripts and reserved words are refused, also in disguise', () => {
  assert.deepEqual(checkName('bad\x1bname'), { ok: false, problem: 'characters' });
  assert.deepEqual(checkName('zero\u200bwidth'), { ok: false, problem: 'invisible' });
  assert.deepEqual(checkName('Z\u0435d'), { ok: false, problem: 'mixed', scripts: ['Latin', 'Cyrillic'] });
  assert.deepEqual(checkName('\u0417\u0435\u0434'), { ok: true, name: '\u0417\u0435\u0434' }, 'all Cyrillic is a fine name');
  assert.deepEqual(checkName('5YS0P'), { ok: false, problem: 'reserved' });
  assert.deepEqual(checkName('Adm1n'), { ok: false, problem: 'reserved' });
  assert.deepEqual(checkName('Zed'), { ok: true, name: 'Zed' });
});

test('names: the sysop name and its look-alikes are the board\'s, except the exact name while the seat is empty', () => {
  const open = { name: 'rusty', open: true };
  const taken = { name: 'rusty', open: false };
  assert.deepEqual(checkName('Rusty', open), { ok: true, name: 'Rusty' });
  assert.deepEqual(checkName('Rusty', taken), { ok: false, problem: 'reserved' });
  for (const lookalike of ['ru5ty', 'RU5TY', 'rus_ty', 'r\u1d1csty']) {
    assert.deepEqual(checkName(lookalike, open), { ok: false, problem: 'reserved' }, `${lookalike} while the seat is empty`);
    assert.deepEqual(checkName(lookalike, taken), { ok: false, problem: 'reserved' }, `${lookalike} once it is taken`);
  }
  assert.deepEqual(checkName('sysop', open), { ok: false, problem: 'reserved' }, 'the word stays reserved when the sysop has another name');
});

test('scripts: a name keeps to one script, whichever it is, or to one language\'s mix; the refusal names what it mixes', () => {
  for (const fine of ['alice', 'Зед', 'Οδυσσέας', 'राम', 'محمد', 'שלום', '山田太郎', 'やまだタロウ', '山田たろう', 'Taro山田', '김철수', 'ᏣᎳᎩ', 'abc_123', 'Zoë_99'])
    assert.equal(mixedScripts(fine), null, fine);
  assert.deepEqual(mixedScripts('v\u13a5ctim'), ['Latin', 'Cherokee']);
  assert.deepEqual(mixedScripts('\ua4e2ysop'), ['Lisu', 'Latin']);
  assert.deepEqual(mixedScripts('a\u0391\u0430'), ['Latin', 'Greek', 'Cyrillic']);
  assert.deepEqual(mixedScripts('\u0661\u0662abc'), ['Arabic', 'Latin'], 'digits of another script are that script');
  assert.deepEqual(mixedScripts('김やまだ'), ['Hangul', 'Hiragana'], 'Korean and Japanese are two languages');
});

test('scripts: every letter, digit and mark this Node knows belongs to a script the check names', () => {
  const covered = new RegExp(`[${SCRIPTS.map((s) => `\\p{Script_Extensions=${s.name}}`).join('')}\\p{Script_Extensions=Common}\\p{Script_Extensions=Inherited}]`, 'u');
  const missing: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (/[\p{L}\p{N}\p{M}]/u.test(ch) && !covered.test(ch) && missing.length < 10) missing.push(`U+${cp.toString(16).toUpperCase()}`);
  }
  assert.deepEqual(missing, []);
});

test('the attacker\'s names are all refused while alice, victim, SYSOP and bob exist', async () => {
  const store = openSqliteStore(':memory:');
  try {
    for (const name of ['alice', 'victim', 'SYSOP', 'bob']) {
      const made = await store.users.create(name, 'password1', { claim: 'first' });
      assert.ok(made.ok, name);
    }
    const refusals = {
      '\u0251lice': 'lookalike', // ɑlice, Latin alpha: one script, caught by its looks
      '\u1d20ictim': 'lookalike', // ᴠictim
      'v\u13a5ctim': 'mixed', // vᎥctim, Cherokee
      '\ua4e2ysop': 'reserved', // ꓢysop, Lisu
      'sysop\u3164': 'invisible', // Hangul filler
      '\u3164\u3164\u3164': 'invisible', // nothing visible at all
      'bob\u115f': 'invisible', // Hangul choseong filler
      alice: 'taken',
      sysop: 'reserved', // the configured name, once the board has a sysop
    } as const;
    for (const [name, problem] of Object.entries(refusals)) {
      const verdict = await vetNewName(store.users, name, 'sysop');
      assert.equal(verdict.ok ? 'accepted' : verdict.problem, problem, JSON.stringify(name));
    }
    const mixed = await vetNewName(store.users, 'v\u13a5ctim', 'sysop');
    assert.equal(!mixed.ok && mixed.vars.scripts, 'Latin and Cherokee');
    assert.equal((await vetNewName(store.users, 'carol', 'sysop')).ok, true);
  } finally {
    await store.close();
  }
});

test('registration refuses a name that looks like an existing one, and says whose', async () => {
  const h = await boardHarness();
  await h.register('Bob');
  const c = h.dial();
  await c.answer("Who's calling?", 'B0B');
  await c.expect("'B0B' looks too much like Bob");
  await c.answer("Who's calling?", 'B\u043ebby');
  await c.expect('Names keep to one script, and this one mixes Latin and Cyrillic.');
  await c.answer("Who's calling?", 'Bob\u3164');
  await c.expect('That name holds invisible characters');
  await c.answer("Who's calling?", 'Bobby');
  await c.expect('No one here goes by Bobby yet');
  assert.equal(await h.store.users.count(), 1);
  await h.close();
});
