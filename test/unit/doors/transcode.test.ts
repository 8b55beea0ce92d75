import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp437ToUtf8, utf8ToCp437, type Transcoder } from '../../../src/doors/transcode.js';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, b) => b);
const isControl = (b: number): boolean => b < 0x20 || b === 0x7f;

/** The whole output of a translator fed `chunks` one after the other, then flushed. */
function run(make: () => Transcoder, chunks: Uint8Array[]): Buffer {
  const t = make();
  return Buffer.concat([...chunks.map((c) => t.push(c)), t.flush()]);
}

test('every CP437 byte reaches a UTF-8 terminal: controls and ASCII as they are, the upper half as its glyph', () => {
  const text = run(cp437ToUtf8, [ALL_BYTES]).toString('utf8');
  const chars = [...text];
  assert.equal(chars.length, 256);
  for (let b = 0; b < 0x80; b++) assert.equal(chars[b], String.fromCharCode(b), `byte ${b.toString(16)}`);
  assert.equal(chars.slice(0xb0, 0xe0).join(''), '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀');
  assert.equal(chars[0x80], 'Ç');
  assert.equal(chars[0xff], '\u00a0');
});

test('all 256 CP437 bytes come back the same after a round trip through UTF-8', () => {
  const there = run(cp437ToUtf8, [ALL_BYTES]);
  assert.deepEqual(run(utf8ToCp437, [there]), Buffer.from(ALL_BYTES));
});

test("box drawing and block glyphs from a UTF-8 door become the CP437 caller's bytes", () => {
  const out = run(utf8ToCp437, [Buffer.from('╔═╗║╚╝┌─┐│└┘├┤┬┴┼░▒▓█▄▀▌▐■', 'utf8')]);
  assert.deepEqual(
    [...out].map((b) => b.toString(16)),
    'c9 cd bb ba c8 bc da c4 bf b3 c0 d9 c3 b4 c2 c1 c5 b0 b1 b2 db dc df dd de fe'.split(' '),
  );
});

test("a CP437 door's ANSI reaches a UTF-8 terminal intact, and the caller's keys reach the door intact", () => {
  const door = Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x1b, 0x5b, 0x31, 0x3b, 0x33, 0x33, 0x6d, 0xdb, 0xb2, 0x1b, 0x5b, 0x30, 0x6d, 0x0d, 0x0a, 0x07, 0x0c, 0x0e, 0x0f, 0x01, 0x7f]);
  assert.equal(run(cp437ToUtf8, [door]).toString('utf8'), '\x1b[2J\x1b[1;33m█▓\x1b[0m\r\n\x07\x0c\x0e\x0f\x01\x7f');
  const keys = Buffer.from('\x1b[A\x1bOP\x03\x08\x7f\r\x00ä', 'utf8');
  assert.deepEqual(run(utf8ToCp437, [keys]), Buffer.from([...Buffer.from('\x1b[A\x1bOP\x03\x08\x7f\r\x00', 'latin1'), 0x84]));
});

test('characters with no CP437 glyph become one ? a column, never a control byte', () => {
  const cases: [string, number[]][] = [
    ['€', [0x3f]],
    ['…', [0x3f]], // the board's stand-in "..." would take three columns
    ['中', [0x3f, 0x3f]], // two columns
    ['e\u0301', [0x65]], // a combining mark takes no column
    ['☺♥', [0x3f, 0x3f]], // CP437 keeps these at 0x01 and 0x03: controls on the wire
    ['•', [0xf9]], // its one-column look-alike
    ['—', [0xc4]], // a one-column stand-in
    ['\u200b', []],
    ['\u009b', [0x3f]], // a C1 CSI is not passed to a CP437 wire as 0x9B
  ];
  for (const [text, bytes] of cases) assert.deepEqual([...run(utf8ToCp437, [Buffer.from(text, 'utf8')])], bytes, JSON.stringify(text));
});

test('invalid UTF-8 becomes ?, and an unfinished character at the end of the stream one ?', () => {
  assert.equal(run(utf8ToCp437, [Buffer.from([0x41, 0xff, 0x42, 0xc3, 0x28, 0x80])]).toString('latin1'), 'A?B?(?');
  const t = utf8ToCp437();
  assert.equal(t.push(Buffer.from([0x41, 0xe2, 0x94])).toString('latin1'), 'A', 'the first two bytes of ─ are held');
  assert.equal(t.flush().toString('latin1'), '?');
});

test('UTF-8 split at every byte boundary, and byte by byte, translates as the whole does', () => {
  const whole = Buffer.from('a é ─ █ € 😀 中\x1b[31m╔═╗\x1b[0m\r\n', 'utf8');
  const expected = run(utf8ToCp437, [whole]);
  for (let i = 0; i <= whole.length; i++) {
    for (let j = i; j <= whole.length; j++) {
      const got = run(utf8ToCp437, [whole.subarray(0, i), whole.subarray(i, j), whole.subarray(j)]);
      assert.deepEqual(got, expected, `split at ${i} and ${j}`);
    }
  }
  assert.deepEqual(run(utf8ToCp437, [...whole].map((b) => Uint8Array.of(b))), expected, 'byte by byte');
  const cp437 = Buffer.from(ALL_BYTES);
  assert.deepEqual(run(cp437ToUtf8, [...cp437].map((b) => Uint8Array.of(b))), run(cp437ToUtf8, [cp437]));
});

test('random bytes never throw, and the control bytes that come out are exactly those that went in', () => {
  let seed = 437;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 500; round++) {
    const input = Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
    const cut = Math.floor(random() * (input.length + 1));
    const controls = [...input].filter(isControl);
    for (const make of [utf8ToCp437, cp437ToUtf8]) {
      const out = run(make, [input.subarray(0, cut), input.subarray(cut)]);
      assert.deepEqual([...out].filter(isControl), controls, `${make.name} of ${input.toString('hex')}`);
    }
  }
});
