/**
 * The art loader and renderer under hostile art: SAUCE records and COMNT
 * blocks with lying counts, huge and endless escape parameters, truncated
 * sequences, pipe codes and {{ variants, seeded from a real .ans layout.
 * For any file and any caller: nothing throws, the drawn width is sane, no
 * rendered row is wider than the caller's terminal, nothing but SGR and the
 * renderer's own clear and autowrap sequences reaches the terminal (no other
 * C0 or C1 control), and a variable's value shows as literal, neutralised
 * text on one row, with no glyph that a CP437 terminal would take as a
 * control.
 *
 *   node --import tsx scripts/fuzz/fuzz-art.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { Chalk } from 'chalk';
import { parseArt } from '../../src/screens/art-library.js';
import { encodeCp437, userTextForCp437 } from '../../src/screens/cp437.js';
import { neutralizeLine } from '../../src/screens/neutralize.js';
import { renderArt } from '../../src/screens/render.js';
import { textWidth } from '../../src/screens/text-width.js';
import { DEFAULT_TERMINAL, type Terminal } from '../../src/session/events.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomBytes, randomText, type FuzzReport, type Rng } from './kit.js';

const ANS = corpusFile('sauce-comnt.ans');
const SAMPLES: readonly Buffer[] = [ANS, ANS.subarray(0, ANS.indexOf(0x1a)), ANS.subarray(ANS.indexOf(0x1a))];

const PIECES = [
  '|00', '|07', '|15', '|16', '|23', '|24', '|99', '|2', '|', '||04', '{{user}}', '{{user:>20}}', '{{user:999}}', '{{board:0}}', '{{', '}}', '{{{{user}}}}',
  '{{x.y_z}}', '{{ user }}', '{{9bad}}', '{{missing}}', '\x1b', '\x1b[', '\x1b[0m', '\x1b[1;5;31;44m', '\x1b[2J', '\x1b[H', '\x1b[99999999999999999999C',
  '\x1b[255C', '\x1b[?7l', '\x1b[38;5;208m', '\x1b[;;;;m', '\x1b]0;title\x07', '\x1bc', '\r\n', '\n', '\r', '\t', '\x1a', '\x00', '\x07', '\x08', '\x7f', '\x9b31m',
];

/** A SAUCE record with every field random, often lying about its comments. */
function sauceRecord(rng: Rng): Buffer {
  const rec = Buffer.from(randomBytes(rng, 128, [0x00, 0x20, 0x01, 0xff]));
  const full = Buffer.concat([rec, Buffer.alloc(128 - rec.length, 0x20)]);
  full.write('SAUCE00', 0, 'latin1');
  if (rng() < 0.5) full[94] = 1;
  if (rng() < 0.5) full[95] = int(rng, 3);
  if (rng() < 0.5) full.writeUInt16LE(pick(rng, [0, 1, 80, 160, 1000, 1001, 65535]), 96);
  full[104] = pick(rng, [0, 1, 2, 255, int(rng, 256)]);
  const comnt = rng() < 0.5 ? Buffer.concat([Buffer.from('COMNT'), Buffer.alloc(64 * int(rng, 4), 0x41)]) : Buffer.alloc(0);
  return Buffer.concat([comnt, full]);
}

function randomArt(rng: Rng): Uint8Array {
  const parts: Buffer[] = [];
  for (let n = int(rng, 40); n > 0; n--) {
    const r = rng();
    if (r < 0.5) parts.push(Buffer.from(pick(rng, PIECES), 'latin1'));
    else if (r < 0.6) parts.push(Buffer.from(`\x1b[${Array.from({ length: int(rng, 30) }, () => String(int(rng, 1e6))).join(';')}${pick(rng, ['m', 'C', 'J', 'H', 'x', ''])}`, 'latin1'));
    else if (r < 0.8) parts.push(Buffer.from(randomText(rng, 20), 'utf8'));
    else parts.push(Buffer.from(randomBytes(rng, 20, [0x1b, 0x5b, 0x7c, 0x7b, 0x7d, 0x1a, 0x0d, 0x0a])));
  }
  if (rng() < 0.3) parts.push(sauceRecord(rng));
  return Buffer.concat(parts);
}

function nextArt(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.4, previous, SAMPLES, randomArt);
}

/** The glyphs CP437 keeps at control bytes, which random code points seldom hit. */
const CONTROL_GLYPHS = [...'☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼⌂'];

/** What the renderer itself may send: SGR colour, clear-and-home, autowrap off and on. */
const ALLOWED = /\x1b\[[0-9;]*m|\x1b\[2J\x1b\[H|\x1b\[\?7[lh]/g;
const FORBIDDEN = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

function terminalFor(rng: Rng): Terminal {
  return {
    ...DEFAULT_TERMINAL,
    cols: pick(rng, [1, 2, 10, 40, 79, 80, 81, 132, 500]),
    rows: 24,
    colorLevel: pick(rng, [0, 1, 2, 3] as const),
    ansiBbs: rng() < 0.3,
    encoding: rng() < 0.3 ? 'cp437' : 'utf8',
  };
}

function checkArt(bytes: Uint8Array, rng: Rng): void {
  const cp437 = rng() < 0.6;
  const tpl = parseArt('fuzz', bytes, cp437);
  if (tpl.drawnWidth !== null && !(Number.isInteger(tpl.drawnWidth) && tpl.drawnWidth >= 1 && tpl.drawnWidth <= 1000)) throw new Error(`drawn width ${tpl.drawnWidth}`);
  const names = new Set(tpl.tokens.flatMap((t) => (t.t === 'var' ? [t.name] : [])));
  const vars = Object.fromEntries([...names].filter(() => rng() < 0.8).map((n) => [n, rng() < 0.2 ? int(rng, 1e9) : randomText(rng, 60)]));
  const term = terminalFor(rng);
  const out = renderArt(tpl, vars, term, new Chalk({ level: term.colorLevel }));
  const plain = out.replace(ALLOWED, '');
  const bad = FORBIDDEN.exec(plain) ?? /\x1b/.exec(plain);
  if (bad) throw new Error(`${cp437 ? '.ans' : '.txt'} art let U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} through`);
  for (const row of plain.split('\n')) if (textWidth(row) > term.cols) throw new Error(`a row of ${textWidth(row)} columns on a ${term.cols}-column terminal`);

  // A value is literal text: its pipe codes, braces and escapes never become markup.
  const value = randomText(rng, 100) + Array.from({ length: int(rng, 4) }, () => pick(rng, CONTROL_GLYPHS)).join('');
  const lone = renderArt(parseArt('v', Buffer.from('{{v}}'), false), { v: value }, { ...term, cols: 500 }, new Chalk({ level: term.colorLevel }));
  const shown = lone.replace(ALLOWED, '');
  const line = neutralizeLine(value);
  if (shown !== (term.encoding === 'cp437' ? userTextForCp437(line) : line)) throw new Error('a variable value did not render as literal neutralised text');
  if (shown.includes('\n')) throw new Error('a variable value started a row of its own');
  if (term.encoding === 'cp437' && encodeCp437(shown).some((b) => b < 0x20 || b === 0x7f)) throw new Error('a variable value became a control byte in CP437');
}

export function fuzzArt(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>({ name: 'art', target: 'parseArt + renderArt (src/screens/art-library.ts, sauce.ts, art-tokens.ts, render.ts)', first: ANS, next: nextArt, check: checkArt }, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzArt);
