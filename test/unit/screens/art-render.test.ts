import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { Chalk } from 'chalk';
import { ArtLibrary, parseArt } from '../../../src/screens/art-library.js';
import { tokenizeArt } from '../../../src/screens/art-tokens.js';
import { decodeCp437Art, encodeCp437 } from '../../../src/screens/cp437.js';
import { neutralize, neutralizeLine } from '../../../src/screens/neutralize.js';
import { textBlock } from '../../../src/screens/text-block.js';
import { renderArt, type ArtTemplate, type Vars } from '../../../src/screens/render.js';
import { splitSauce } from '../../../src/screens/sauce.js';
import { DEFAULT_TERMINAL, type Terminal } from '../../../src/session/events.js';
import { REQUIRED_SCREENS } from '../../../src/flows/screen-names.js';
import { DEFAULT_ART } from '../../../src/main.js';

const tpl = (src: string, drawnWidth: number | null = null): ArtTemplate => ({ name: 't', tokens: tokenizeArt(src), drawnWidth });
const term = (patch: Partial<Terminal> = {}): Terminal => ({ ...DEFAULT_TERMINAL, ...patch });
const render = (src: string, vars: Vars = {}, t: Partial<Terminal> = {}, level: 0 | 1 | 2 | 3 = 1) =>
  renderArt(tpl(src), vars, term({ colorLevel: level, ...t }), new Chalk({ level }));

test('pipe codes become colours: bright as 90-97 on modern terminals, as bold on ANSI-BBS ones', () => {
  assert.equal(render('|04red|07 plain'), '\x1b[31mred\x1b[39m plain');
  assert.equal(render('|09hi'), '\x1b[94mhi\x1b[39m');
  assert.equal(render('|09hi', {}, { ansiBbs: true }), '\x1b[1m\x1b[34mhi\x1b[39m\x1b[22m');
  assert.equal(render('|14|17x'), '\x1b[93m\x1b[44mx\x1b[49m\x1b[39m');
  assert.equal(render('|09hi', {}, {}, 0), 'hi', 'no colour at level 0');
  assert.equal(render('a|99b|1'), 'a|99b|1', 'not a code: shown as typed');
});

test('variables are filled in, padded, and unknown ones stay visible', () => {
  assert.equal(render('Hi {{name}}!', { name: 'zed' }), 'Hi zed!');
  assert.equal(render('[{{n:4}}][{{n:>4}}]', { n: 7 }), '[7   ][   7]');
  assert.equal(render('{{nope}}'), '{{nope}}');
});

test('user text in a variable is never markup and its escapes are neutralised', () => {
  const hostile = '|04RED {{board}} \x1b[2J\x1b]0;pwned\x07 \u202eevil\r\nnext';
  const out = render('|07{{body}}', { body: hostile, board: 'B' });
  assert.ok(!out.includes('\x1b[2J'));
  assert.ok(!out.includes('\x1b]0'));
  assert.ok(!out.includes('\x07'));
  assert.ok(!out.includes('\u202e'));
  assert.ok(!out.includes('\x1b[31m'), 'no colour from user pipe codes');
  assert.equal(out, '|04RED {{board}} ^[[2J^[]0;pwned^G \ufffdevil next', 'a value is one line: its break became a space');
  assert.equal(render('|07{{body}}', { body: textBlock(hostile) }), '|04RED {{board}} ^[[2J^[]0;pwned^G \ufffdevil\nnext', 'a block keeps its rows, and only those');
  assert.equal(neutralize('a\tb\x7f\x9b'), 'a    b^?\ufffd');
});

test('no line separator in a value starts a row of its own: CR, LF, VT, FF, NEL, U+2028, U+2029', () => {
  for (const sep of ['\r\n', '\r', '\n', '\v', '\f', '\u0085', '\u2028', '\u2029']) {
    const out = render('|14Page from {{from}}: |07{{text}}', { from: `Mal${sep}lory`, text: `hi${sep} *** Broadcast from sysop${sep}` }, {}, 0);
    assert.equal(out, 'Page from Mal lory: hi  *** Broadcast from sysop', `separator ${JSON.stringify(sep)}`);
    assert.equal(neutralizeLine(`a${sep}b`), 'a b');
  }
  // A block keeps its rows, but the Unicode separators in it are rows too, never raw.
  assert.equal(render('{{b}}', { b: textBlock('one\u2028two\u2029three') }, {}, 0), 'one\ntwo\nthree');
});

test('on a CP437 terminal a value never encodes to a control byte, while the art keeps its glyphs', () => {
  const glyphs = '♣ ♫ ☼ ♂ ♀ ⌂ → ♥ • ▲ §';
  const out = render(`${glyphs} {{text}}`, { text: glyphs }, { encoding: 'cp437', ansiBbs: true }, 0);
  const bytes = encodeCp437(out);
  const [art, value] = [bytes.subarray(0, glyphs.length), bytes.subarray(glyphs.length + 1)];
  assert.deepEqual([...art.subarray(0, 13)], [0x05, 0x20, 0x0e, 0x20, 0x0f, 0x20, 0x0b, 0x20, 0x0c, 0x20, 0x7f, 0x20, 0x1a], 'the art draws its glyphs as CP437 has them');
  assert.equal(value.toString('latin1'), '? ? * ? ? ? > ? \xf9 ^ ?', 'the value gets look-alikes or ?');
  assert.ok([...value].every((b) => b >= 0x20 && b !== 0x7f));
  // The same value on a UTF-8 terminal is shown as written.
  assert.equal(render('{{text}}', { text: glyphs }, {}, 0), glyphs);
});

test('rows are cropped to the terminal width, with autowrap off for full rows', () => {
  const out = render('|01' + 'x'.repeat(100) + '\nshort', {}, { cols: 40 });
  const rows = out.replace('\x1b[?7l', '').replace('\x1b[?7h', '').split('\n');
  assert.ok(out.startsWith('\x1b[?7l') && out.endsWith('\x1b[?7h'));
  assert.equal(rows[0], '\x1b[34m' + 'x'.repeat(40) + '\x1b[39m');
  assert.equal(rows[1], '\x1b[34mshort\x1b[39m', 'colour carries across rows and every row closes it');
  assert.ok(!render('short').includes('\x1b[?7l'));
});

test('on a narrow terminal a sentence wraps at its spaces, keeping its colours and its indent; a long word is cut where the row ends', () => {
  const plain = (src: string, cols: number, vars: Vars = {}) => render(src, vars, { cols }, 0).split('\n');
  assert.deepEqual(plain('You have been quiet too long; the board hangs up to free the line.', 20), [
    'You have been quiet',
    'too long; the board',
    'hangs up to free the',
    'line.',
  ]);
  assert.deepEqual(plain('   Names may hold letters, digits and dots.', 20), ['   Names may hold', '   letters, digits', '   and dots.']);
  assert.deepEqual(plain('see https://example.invalid/a/very/long/path now', 16), ['see', 'https://example.', 'invalid/a/very/l', 'ong/path now']);
  assert.deepEqual(plain('From {{who}}: hello there', 12, { who: 'Ann' }), ['From Ann:', 'hello there']);
  // Colours carry across the break, and each row closes them.
  assert.deepEqual(render('|12red words |14yellow words', {}, { cols: 10 }).split('\n'), [
    '\x1b[91mred words\x1b[39m',
    '\x1b[93myellow\x1b[39m',
    '\x1b[93mwords\x1b[39m',
  ]);
  // Rows that fit are left alone, and a wrapped row never fills the last column by accident.
  assert.deepEqual(plain('short one\nand a second sentence here', 12), ['short one', 'and a second', 'sentence', 'here']);
});

test('on a narrow terminal pictures are cropped, never wrapped: box drawing, block characters, aligned columns, rules', () => {
  const plain = (src: string, cols: number) => render(src, {}, { cols }, 0).split('\n');
  assert.deepEqual(plain('║ [1] Leave a message  [2] Read ║', 12), ['║ [1] Leave ']);
  assert.deepEqual(plain('▄▄ big ▀▀ letters ██', 8), ['▄▄ big ▀']);
  assert.deepEqual(plain('[1] Leave a message        [2] Read messages', 20), ['[1] Leave a message ']);
  assert.deepEqual(plain('='.repeat(30), 10), ['='.repeat(10)]);
  // A figlet banner in an ASCII font is a picture too: its rows are aligned with runs of spaces.
  assert.deepEqual(plain(' _   _ _   _\n| | | | | | |', 6), [' _   _', '| | | ']);
});

test('CP437 art: SAUCE and its comments are stripped, glyphs decoded, rows wrapped at the drawn width', () => {
  const art = Buffer.concat([
    Buffer.from([0x1b, 0x5b, 0x31, 0x3b, 0x33, 0x34, 0x6d, 0xdb, 0xb2, 0xb1, 0xb0, 0x0d, 0x0a, 0x01]),
    Buffer.from([0x1a]),
    Buffer.from('COMNT' + 'a comment'.padEnd(64)),
    sauce({ width: 4, comments: 1 }),
  ]);
  const split = splitSauce(art);
  assert.equal(split.sauce?.title, 'Test art');
  assert.equal(split.sauce?.width, 4);
  assert.equal(split.art.length, 14);
  const t = parseArt('a', art, true);
  const out = renderArt(t, {}, term({ colorLevel: 1 }), new Chalk({ level: 1 }));
  // Four glyphs fill the drawn width, so the CR LF after them ends that row only (no blank row).
  assert.equal(out, '\x1b[94m█▓▒░\x1b[39m\n\x1b[94m☺\x1b[39m');
  const narrow = renderArt(t, {}, term({ colorLevel: 1, cols: 4 }), new Chalk({ level: 1 }));
  assert.equal(narrow, '\x1b[?7l\x1b[94m█▓▒░\x1b[39m\n\x1b[94m☺\x1b[39m\x1b[?7h', 'a row as wide as the terminal is drawn with autowrap off');
});

test('a CP437 caller gets the same picture back in CP437 bytes', () => {
  const bytes = Buffer.from([0xc9, 0xcd, 0xbb, 0x20, 0xdb, 0x01, 0xfe]);
  assert.deepEqual(encodeCp437(decodeCp437Art(bytes)), bytes);
  assert.deepEqual(encodeCp437('naïve ☃'), Buffer.from([0x6e, 0x61, 0x8b, 0x76, 0x65, 0x20, 0x3f]));
});

test('every screen the code can show has art in the default theme, and the list matches the code', async () => {
  const lib = await ArtLibrary.load([DEFAULT_ART], REQUIRED_SCREENS);
  assert.ok(lib.names().length >= REQUIRED_SCREENS.length);
  const used = new Set<string>();
  for (const dir of ['src/flows', 'src/session']) {
    for (const f of (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.ts'))) {
      const src = await readFile(`${dir}/${f}`, 'utf8');
      for (const m of src.matchAll(/\.(?:screen|prompt|exit|render)\('([a-z_]+)'/g)) used.add(m[1]!);
    }
  }
  for (const name of used) assert.ok((REQUIRED_SCREENS as readonly string[]).includes(name), `${name} is used but not required`);
});

function sauce(opts: { width: number; comments: number }): Buffer {
  const r = Buffer.alloc(128, 0);
  r.write('SAUCE00', 0, 'latin1');
  r.write('Test art'.padEnd(35), 7, 'latin1');
  r[94] = 1; // character
  r[95] = 1; // ANSi
  r.writeUInt16LE(opts.width, 96);
  r[104] = opts.comments;
  return r;
}
