import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtLibrary, parseArt } from '../../../src/screens/art-library.js';
import { Screens } from '../../../src/screens/screens.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';
import { Session } from '../../../src/session/session.js';

async function withFolder(files: Record<string, string | Buffer>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bbs-art-'));
  try {
    for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const textOf = (lib: ArtLibrary, name: string): string =>
  lib
    .get(name)
    .tokens.map((t) => (t.t === 'text' ? t.s : ''))
    .join('');

test('of two files for one screen in one folder, the .ans wins, and between two of a kind the collated order decides', async () => {
  // Collation puts "menu.txt" before "Menu.txt" (lower case first), where plain code units would not.
  const names = ['Menu.txt', 'menu.txt'];
  const last = [...names].sort((a, b) => a.localeCompare(b)).at(-1)!;
  assert.notEqual(last, [...names].sort().at(-1), 'the two orders differ for this pair');
  await withFolder({ 'Menu.txt': 'upper', 'menu.txt': 'lower', 'other.txt': 'txt', 'Other.ANS': 'ans' }, async (dir) => {
    const lib = await ArtLibrary.load([dir]);
    assert.equal(textOf(lib, 'menu'), last === 'Menu.txt' ? 'upper' : 'lower');
    assert.equal(textOf(lib, 'other'), 'ans');
    assert.deepEqual(lib.names(), ['menu', 'other']);
  });
});

test('a bad file stops the start, and of several the one named is the first in collated order', async () => {
  const big = Buffer.alloc(256 * 1024 + 1, 0x41);
  // Code units put "B.txt" first; collation puts "a.txt" first.
  await withFolder({ 'a.txt': big, 'B.txt': big, 'fine.txt': 'ok' }, async (dir) => {
    await assert.rejects(ArtLibrary.load([dir]), (err: Error) => err.message.includes(join(dir, 'a.txt')));
  });
});

test('screens are read at start but parsed when first shown, once, into what parsing at start gave', async () => {
  const ans = Buffer.concat([Buffer.from('\x1b[1;31mR\xdb\xdb\r\n', 'latin1')]);
  await withFolder({ 'plain.txt': '|09Hello {{user}}\n', 'art.ans': ans }, async (dir) => {
    const lib = await ArtLibrary.load([dir], ['plain', 'art']);
    const first = lib.get('plain');
    assert.equal(lib.get('plain'), first, 'parsed once and kept');
    assert.deepEqual(first, parseArt('plain', Buffer.from('|09Hello {{user}}\n'), false));
    assert.deepEqual(lib.get('art'), parseArt('art', ans, true));
    assert.equal(lib.has('missing'), false);
    assert.throws(() => lib.get('missing'), /no art named missing/);
  });
  await withFolder({ 'plain.txt': 'x' }, async (dir) => {
    await assert.rejects(ArtLibrary.load([dir], ['plain', 'menu']), /missing art for screens: menu/);
  });
});

test('the banner is made for the first screen drawn, not before, and only once', () => {
  let made = 0;
  const lib = ArtLibrary.fromSources({ welcome: '{{banner}}\n' });
  const screens = new Screens(lib, {
    board: 'Test BBS',
    sysop: 'sysop',
    banner: () => {
      made++;
      return { forTerminal: (_cols, cp437) => (cp437 ? 'CP437 BANNER' : 'UTF-8 BANNER') };
    },
  });
  assert.equal(made, 0);
  const utf8 = new Session('s1', 'telnet', '127.0.0.1', { ...DEFAULT_TERMINAL, encoding: 'utf8' }, new Date());
  const cp437 = new Session('s2', 'telnet', '127.0.0.1', { ...DEFAULT_TERMINAL, encoding: 'cp437' }, new Date());
  assert.match(screens.render('welcome', {}, utf8), /UTF-8 BANNER/);
  assert.match(screens.render('welcome', {}, cp437), /CP437 BANNER/);
  assert.match(screens.renderInline('{{banner}}', {}, utf8), /UTF-8 BANNER/);
  assert.equal(made, 1);
});

test('a screen with a narrow variant is drawn from it for terminals narrower than its widest row, and only then', () => {
  const lib = ArtLibrary.fromSources({
    menu: '|09+----------------------------+\n|07[1] Post      [2] Read {{n:>3}}\n',
    'menu.narrow': '[1] Post\n[2] Read {{n:>3}}\n',
    plain: 'x'.repeat(50),
  });
  const screens = new Screens(lib, { board: 'Test BBS', sysop: 'sysop', banner: { forTerminal: () => '' } });
  const at = (cols: number): Session => new Session(`s${cols}`, 'telnet', '127.0.0.1', { ...DEFAULT_TERMINAL, cols, colorLevel: 0 }, new Date());
  assert.match(screens.render('menu', { n: 3 }, at(80)), /^\+-{28}\+\n\[1\] Post {6}\[2\] Read {3}3/);
  assert.match(screens.render('menu', { n: 3 }, at(30)), /^\+-{28}\+/, 'as wide as its widest row is wide enough');
  assert.equal(screens.render('menu', { n: 3 }, at(29)), '[1] Post\n[2] Read   3');
  assert.equal(screens.render('plain', {}, at(20)), 'x'.repeat(20), 'no variant: cropped as ever');
});

test("a theme folder that redraws a screen without its narrow variant hides the default theme's narrow one", async () => {
  await withFolder({ 'menu.txt': 'default wide', 'menu.narrow.txt': 'default narrow', 'other.txt': 'o', 'other.narrow.txt': 'o narrow' }, async (defaults) => {
    await withFolder({ 'menu.txt': 'sysop wide' }, async (sysop) => {
      const lib = await ArtLibrary.load([sysop, defaults]);
      assert.equal(textOf(lib, 'menu'), 'sysop wide');
      assert.equal(lib.has('menu.narrow'), false, 'not a narrow copy of the screen the sysop replaced');
      assert.equal(textOf(lib, 'other.narrow'), 'o narrow', "screens the sysop left alone keep theirs");
    });
    await withFolder({ 'menu.txt': 'sysop wide', 'menu.narrow.txt': 'sysop narrow' }, async (sysop) => {
      const lib = await ArtLibrary.load([sysop, defaults]);
      assert.equal(textOf(lib, 'menu.narrow'), 'sysop narrow');
    });
  });
});

test("a logged-in caller's screen shown again follows the clock, the caller and the flow's own values", () => {
  const lib = ArtLibrary.fromSources({ menu: '{{user}} {{level}} {{time}} {{zone}} {{n}} {{node}}\n' });
  let now = new Date('2026-01-01T10:00:00Z');
  const screens = new Screens(lib, { board: 'Test BBS', sysop: 'sysop', banner: { forTerminal: () => '' } }, () => now);
  const s = new Session('s1', 'telnet', '127.0.0.1', { ...DEFAULT_TERMINAL, colorLevel: 0 }, new Date());
  s.user = { id: 1, name: 'Ann', level: 'member' };
  s.timeZone = 'UTC';
  assert.equal(screens.render('menu', { n: 1 }, s), 'Ann member 10:00 UTC 1 1');
  assert.equal(screens.render('menu', { n: 1 }, s), 'Ann member 10:00 UTC 1 1');
  now = new Date('2026-01-01T10:01:00Z');
  assert.equal(screens.render('menu', { n: 1 }, s), 'Ann member 10:01 UTC 1 1', 'the next minute');
  s.user = { id: 1, name: 'Ann', level: 'sysop' };
  assert.equal(screens.render('menu', { n: 1 }, s), 'Ann sysop 10:01 UTC 1 1', 'a new level');
  assert.equal(screens.render('menu', { n: 2, user: 'Bob' }, s), 'Bob sysop 10:01 UTC 2 1', "the flow's values over the board's");
  assert.equal(screens.render('menu', { n: 2, user: undefined }, s), '{{user}} sysop 10:01 UTC 2 1', 'as passed, even unset');
  assert.equal(screens.render('menu', { n: 2 }, s), 'Ann sysop 10:01 UTC 2 1');
});
