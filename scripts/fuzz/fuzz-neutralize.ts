/**
 * The text neutraliser under random Unicode: controls, C1, bidi overrides,
 * lone surrogates, CR/LF mixes, escape openers. Whatever a caller wrote, the
 * result holds no C0 or C1 control (a newline only when asked to keep
 * them), no bidi override or isolate, and a single-line field no line
 * break of any kind (U+2028 and U+2029 included).
 *
 *   node --import tsx scripts/fuzz/fuzz-neutralize.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { neutralize, neutralizeLine } from '../../src/screens/neutralize.js';
import { corpusFile, fuzzLoop, fuzzMain, mutate, randomText, type FuzzReport, type Rng } from './kit.js';

/** Message text a real caller typed, from the Python client capture. */
const CAPTURED = corpusFile('python-client-frames.bin').toString('utf8');

const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function nextText(rng: Rng, previous: string): string {
  if (rng() < 0.3) return new TextDecoder().decode(mutate(rng, Buffer.from(rng() < 0.5 ? previous : CAPTURED, 'utf8')));
  return randomText(rng, 120);
}

function checkText(text: string): void {
  const kept = neutralize(text, { keepNewlines: true });
  const flat = neutralize(text);
  const line = neutralizeLine(text);
  for (const [name, out] of [['keepNewlines', kept], ['plain', flat], ['line', line]] as const) {
    const bad = CONTROLS.exec(out) ?? BIDI.exec(out);
    if (bad) throw new Error(`${name}: U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} got through`);
  }
  if (/[\n\u2028\u2029]/.test(flat)) throw new Error('plain: a line break got through');
  if (/[\n\u2028\u2029]/.test(line)) throw new Error('line: a line break got through');
  if (neutralize(kept, { keepNewlines: true }) !== kept) throw new Error('neutralising twice changed the text');
}

export function fuzzNeutralize(count: number, seed: number): FuzzReport {
  return fuzzLoop<string>({ name: 'neutralize', target: 'neutralize, neutralizeLine (src/screens/neutralize.ts)', first: CAPTURED, next: nextText, check: checkText }, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzNeutralize);
