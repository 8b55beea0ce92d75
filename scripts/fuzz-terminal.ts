/**
 * Random and mutated keystroke streams against the terminal session, checking
 * what must hold for any caller: nothing throws, no line is longer than its
 * prompt's cap, no control byte reaches a line, a key prompt answers with at
 * most one character. The unit suite runs a short pass; run this for longer:
 *
 *   node --import tsx scripts/fuzz-terminal.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_TERMINAL, type PromptMode, type Terminal } from '../src/session/events.js';
import { TerminalSession } from '../src/transports/terminal/terminal-session.js';

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

const KEY_PIECES: readonly (readonly number[])[] = [
  [0x0d],
  [0x0a],
  [0x0d, 0x0a],
  [0x0d, 0x00],
  [0x00],
  [0x08],
  [0x7f],
  [0x15],
  [0x1b],
  [0x1b, 0x5b],
  [0x1b, 0x4f],
  [0x1b, 0x5b, 0x41],
  [0x1b, 0x5b, 0x31, 0x3b, 0x35, 0x43],
  [0x1b, 0x4f, 0x50],
  [0x1b, 0x5b, 0x44],
  [0x1b, 0x4f, 0x46],
  [0x1b, 0x5b, 0x33, 0x7e],
  [0x01],
  [0x05],
  [0x0b],
  [0x17],
  [0x03],
  [0x09],
  [0xff],
  [0xc3, 0xa9],
  [0xe2, 0x82, 0xac],
  [0xf0, 0x9f, 0x98, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xc2, 0x9b],
  [0xe2, 0x80, 0xa8],
];

/** A stream that looks like keyboards and broken clients: keys, Enters, escapes, UTF-8 pieces, noise. */
export function randomStream(rng: Rng, maxLength = 96): Uint8Array {
  const out: number[] = [];
  const target = int(rng, maxLength + 1);
  while (out.length < target) {
    const r = rng();
    if (r < 0.45) out.push(0x20 + int(rng, 0x5f));
    else if (r < 0.8) out.push(...pick(rng, KEY_PIECES));
    else if (r < 0.95) out.push(int(rng, 256));
    else out.push(...Buffer.from(String.fromCodePoint(int(rng, 0x110000))));
  }
  return Uint8Array.from(out.slice(0, target));
}

/** A stream derived from another by flipping, dropping, duplicating and inserting bytes. */
export function mutate(rng: Rng, stream: Uint8Array): Uint8Array {
  const out = Array.from(stream);
  const edits = 1 + int(rng, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(rng, out.length + 1);
    switch (int(rng, 4)) {
      case 0:
        if (at < out.length) out[at] = out[at]! ^ (1 << int(rng, 8));
        break;
      case 1:
        out.splice(at, 1);
        break;
      case 2:
        out.splice(at, 0, ...out.slice(at, at + 1 + int(rng, 4)));
        break;
      default:
        out.splice(at, 0, int(rng, 256));
    }
  }
  return Uint8Array.from(out);
}

/** Cut a stream into random packets, byte-sized ones included. */
export function randomSplit(rng: Rng, stream: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let i = 0;
  while (i < stream.length) {
    const n = 1 + int(rng, rng() < 0.3 ? 2 : 24);
    parts.push(stream.subarray(i, i + n));
    i += n;
  }
  return parts;
}

const MODES: readonly PromptMode[] = ['line', 'line', 'secret', 'key'];
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/** Streams run, bytes fed, and what the check counted, under the fuzzer's own word for it (lines answered, events read). */
export type StreamFuzzStats<Counted extends string> = { streams: number; bytes: number } & { [K in Counted]: number };

/**
 * The loop every stream fuzzer shares: a fresh random stream or a mutation of
 * the last one, checked; throws with the seed and the stream on the first
 * broken rule, so the failure can be replayed.
 */
export function fuzzStreams<Counted extends string>(
  counted: Counted,
  count: number,
  seed: number,
  random: (rng: Rng) => Uint8Array,
  check: (rng: Rng, stream: Uint8Array) => number,
): StreamFuzzStats<Counted> {
  const rng = makeRng(seed);
  let streams = 0;
  let bytes = 0;
  let total = 0;
  let previous = random(rng);
  for (let n = 0; n < count; n++) {
    const stream = rng() < 0.3 ? mutate(rng, previous) : random(rng);
    previous = stream;
    try {
      total += check(rng, stream);
    } catch (err) {
      const hex = Buffer.from(stream).toString('hex');
      throw new Error(`fuzz stream ${n} (seed ${seed}) failed: ${(err as Error).message}\nstream: ${hex}`, { cause: err });
    }
    streams++;
    bytes += stream.length;
  }
  return { streams, bytes, [counted]: total } as StreamFuzzStats<Counted>;
}

/** Count and seed from the command line, else FUZZ_COUNT and FUZZ_SEED: a million inputs and a seed from the clock unless told. */
export function fuzzArgs(): { count: number; seed: number } {
  return {
    count: Number(process.argv[2] ?? process.env.FUZZ_COUNT ?? 1_000_000),
    seed: Number(process.argv[3] ?? process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
  };
}

/** A stream fuzzer file's main: `node --import tsx FILE [count] [seed]`, printing its figures on one line. */
export function streamFuzzMain(name: string, run: (count: number, seed: number) => Record<string, number>): void {
  const { count, seed } = fuzzArgs();
  const started = Date.now();
  const stats = run(count, seed);
  console.log(`${name} seed=${seed} ${Object.entries(stats).map(([k, v]) => `${k}=${v}`).join(' ')} ms=${Date.now() - started}`);
}

export type FuzzStats = StreamFuzzStats<'lines'>;

/** Run `count` keystroke streams through the terminal session. */
export function fuzzTerminal(count: number, seed: number): FuzzStats {
  return fuzzStreams('lines', count, seed, randomStream, checkKeystrokes);
}

/** One keystroke stream through a terminal session with random prompts; returns the lines answered. */
export function checkKeystrokes(rng: Rng, stream: Uint8Array): number {
  const terminal: Terminal = { ...DEFAULT_TERMINAL, encoding: rng() < 0.3 ? 'cp437' : 'utf8' };
  let mode: PromptMode = 'line';
  let cap = 1;
  let lines = 0;
  let written = 0;
  const prompt = (): void => {
    mode = pick(rng, MODES);
    cap = 1 + int(rng, 40);
    session.deliver({ type: 'prompt', text: rng() < 0.5 ? '' : 'Q?', pchar: '> ', mode, maxLength: cap });
  };
  const session: TerminalSession = new TerminalSession({
    terminal,
    wire: {
      write: (bytes) => {
        if (!Buffer.isBuffer(bytes)) throw new Error('write got a non-Buffer');
        written += bytes.length;
      },
      input: (event) => {
        if (event.type !== 'line') return;
        lines++;
        const text = event.text;
        if (text.length > cap) throw new Error(`line of ${text.length} > cap ${cap}`);
        if (mode === 'key' && [...text].length > 1) throw new Error(`key prompt answered with ${JSON.stringify(text)}`);
        if (CONTROL.test(text)) throw new Error(`control character in line ${JSON.stringify(text)}`);
        if (rng() < 0.7) prompt();
      },
    },
  });
  if (rng() < 0.8) prompt();
  for (const part of randomSplit(rng, stream)) {
    session.receive(part);
    const r = rng();
    if (r < 0.05) session.deliver({ type: 'screen', text: 'news\n' });
    else if (r < 0.1) prompt();
    else if (r < 0.12) session.deliver({ type: 'terminal', terminal: { ...terminal, encoding: rng() < 0.5 ? 'cp437' : 'utf8' } });
    else if (r < 0.13) session.resize(int(rng, 1000) - 10, int(rng, 1000) - 10);
    else if (r < 0.135) session.deliver({ type: 'exit', text: 'bye' });
  }
  // Echo can never outgrow what was typed by more than the redraws we asked for.
  if (written > 64 * (stream.length + 64)) throw new Error(`runaway output: ${written} bytes`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) streamFuzzMain('fuzz-terminal', fuzzTerminal);
