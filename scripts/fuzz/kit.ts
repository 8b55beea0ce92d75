/**
 * The loop every fuzzer shares: a seeded generator, a checker that throws on
 * a broken rule, and a report that counts crashes instead of stopping at the
 * first, so one long run shows every distinct fault it met.
 */
import { readFileSync } from 'node:fs';
import { fuzzArgs, int, makeRng, mutate, pick, type Rng } from '../fuzz-terminal.js';

export { int, makeRng, mutate, pick, randomSplit, type Rng } from '../fuzz-terminal.js';

export interface FuzzFailure {
  /** Index of the input in the run, so `seed` and `index` find it again. */
  index: number;
  message: string;
  /** The input, as hex. */
  input: string;
}

export interface FuzzReport {
  name: string;
  target: string;
  seed: number;
  inputs: number;
  bytes: number;
  ms: number;
  /** Inputs that broke a rule (thrown by the parser or by a check). */
  crashes: number;
  /** Slowest single input, in milliseconds: a parser that is quadratic shows here. */
  slowestMs: number;
  /** The first input of each distinct failure message. */
  failures: FuzzFailure[];
}

export interface FuzzSpec<T extends Uint8Array | string> {
  name: string;
  /** What is under test, for the report. */
  target: string;
  /** A fresh input, random or mutated from real captures. */
  next: (rng: Rng, previous: T) => T;
  /** Throws when a rule is broken. `rng` may pick options (terminal width, split points). */
  check: (input: T, rng: Rng) => void;
  first: T;
}

const MAX_FAILURES = 20;

export function fuzzLoop<T extends Uint8Array | string>(spec: FuzzSpec<T>, count: number, seed: number): FuzzReport {
  const rng = makeRng(seed);
  const report: FuzzReport = { name: spec.name, target: spec.target, seed, inputs: 0, bytes: 0, ms: 0, crashes: 0, slowestMs: 0, failures: [] };
  const seen = new Set<string>();
  const started = performance.now();
  let previous = spec.first;
  for (let n = 0; n < count; n++) {
    const input = spec.next(rng, previous);
    previous = input;
    const t0 = performance.now();
    try {
      spec.check(input, rng);
    } catch (err) {
      report.crashes++;
      const message = err instanceof Error ? err.message : String(err);
      const key = message.replace(/\d+/g, 'N').slice(0, 120);
      if (!seen.has(key) && report.failures.length < MAX_FAILURES) {
        seen.add(key);
        report.failures.push({ index: n, message: message.slice(0, 500), input: hex(input) });
      }
    }
    const took = performance.now() - t0;
    if (took > report.slowestMs) report.slowestMs = took;
    report.inputs++;
    report.bytes += input.length;
  }
  report.ms = Math.round(performance.now() - started);
  report.slowestMs = Math.round(report.slowestMs * 100) / 100;
  return report;
}

function hex(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  return bytes.subarray(0, 2048).toString('hex');
}

/** A capture file from scripts/fuzz/corpus. */
export function corpusFile(name: string): Buffer {
  return readFileSync(new URL(`./corpus/${name}`, import.meta.url));
}

/** Whole-structure edits on top of byte flips: splice two samples, repeat a run, cut the end off. */
export function mutateHard(rng: Rng, input: Uint8Array, samples: readonly Uint8Array[]): Uint8Array {
  const r = rng();
  if (r < 0.5) return mutate(rng, input);
  if (r < 0.7) {
    const other = pick(rng, samples);
    const cut = int(rng, input.length + 1);
    const from = int(rng, other.length + 1);
    return Buffer.concat([input.subarray(0, cut), other.subarray(from)]);
  }
  if (r < 0.85) {
    const at = int(rng, input.length + 1);
    const len = 1 + int(rng, 16);
    const piece = input.subarray(at, at + len);
    const times = 1 + int(rng, rng() < 0.1 ? 2000 : 20);
    return Buffer.concat([input.subarray(0, at), ...Array.from({ length: times }, () => piece), input.subarray(at)]);
  }
  return input.subarray(0, int(rng, input.length + 1));
}

/**
 * The next input: `share` of the time a hard mutation of the last input or of
 * a real sample (even odds), otherwise a fresh one from `fresh`.
 */
export function mutateOrFresh(rng: Rng, share: number, previous: Uint8Array, samples: readonly Uint8Array[], fresh: (rng: Rng) => Uint8Array): Uint8Array {
  return rng() < share ? mutateHard(rng, rng() < 0.5 ? previous : pick(rng, samples), samples) : fresh(rng);
}

/**
 * A fuzzer over one of the stream fuzzers in scripts/ (a generator and a
 * checker that takes the stream second and returns a count): half the time a
 * mutation of the last stream or of a real capture, the first capture first.
 */
export function streamFuzzSpec(
  name: string,
  target: string,
  samples: readonly [Uint8Array, ...Uint8Array[]],
  random: (rng: Rng) => Uint8Array,
  check: (rng: Rng, stream: Uint8Array) => number,
): FuzzSpec<Uint8Array> {
  return { name, target, first: samples[0], next: (rng, previous) => mutateOrFresh(rng, 0.5, previous, samples, random), check: (s, rng) => void check(rng, s) };
}

/** Random bytes, sometimes all printable, sometimes drawn from a small alphabet of special bytes. */
export function randomBytes(rng: Rng, maxLength: number, special: readonly number[] = []): Uint8Array {
  const n = int(rng, maxLength + 1);
  const mode = int(rng, 3);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (mode === 0) out[i] = int(rng, 256);
    else if (mode === 1) out[i] = 0x20 + int(rng, 0x5f);
    else out[i] = special.length && rng() < 0.4 ? pick(rng, special) : 0x20 + int(rng, 0x5f);
  }
  return out;
}

/** A random Unicode string with controls, C1, bidi marks, lone surrogates and astral characters. */
export function randomText(rng: Rng, maxLength: number): string {
  const n = int(rng, maxLength + 1);
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rng();
    if (r < 0.4) s += String.fromCharCode(0x20 + int(rng, 0x5f));
    else if (r < 0.55) s += String.fromCharCode(int(rng, 0x20));
    else if (r < 0.62) s += String.fromCharCode(0x7f + int(rng, 0x22));
    else if (r < 0.7) s += pick(rng, BIDI_AND_FRIENDS);
    else if (r < 0.75) s += String.fromCharCode(0xd800 + int(rng, 0x800));
    else if (r < 0.8) s += pick(rng, ['\r\n', '\r', '\n', '\x1b[', '\x1b]0;', '\x07', '|04', '{{user}}', '{{', '}}']);
    else {
      const cp = int(rng, 0x110000);
      s += cp >= 0xd800 && cp < 0xe000 ? '\ufffd' : String.fromCodePoint(cp);
    }
  }
  return s;
}

const BIDI_AND_FRIENDS = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029', '\ufeff', '\u200b'];

/** Runs a fuzzer file's main: `node --import tsx FILE [count] [seed]`, printing its report as JSON. */
export function fuzzMain(run: (count: number, seed: number) => FuzzReport): void {
  const { count, seed } = fuzzArgs();
  const report = run(count, seed);
  console.log(JSON.stringify(report));
  if (report.crashes > 0) process.exitCode = 1;
}
