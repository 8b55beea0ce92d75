/**
 * What the board reads from doors and from other boards, under random
 * bytes split at random points: the client-side telnet codec (a far board
 * says anything), the two charset translators (a door writes anything), and
 * the escape watch on the caller's keys. Each must never throw, translate
 * the same whatever the split, and keep its rules: CP437 to UTF-8 gives
 * valid UTF-8, UTF-8 to CP437 passes every control byte through, the escape
 * passes on every byte before Ctrl-] untouched.
 *
 *   node --import tsx scripts/fuzz/fuzz-door-streams.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { EscapeWatch } from '../../src/doors/escape-watch.js';
import { OutboundTelnet } from '../../src/doors/outbound-telnet.js';
import { cp437ToUtf8, utf8ToCp437 } from '../../src/doors/transcode.js';
import { randomTelnetStream } from '../fuzz-telnet.js';
import { corpusFile, fuzzLoop, fuzzMain, randomBytes, randomSplit, streamFuzzSpec, type FuzzReport, type Rng } from './kit.js';

const CAPTURE = corpusFile('debian-telnet-negotiation.bin');

function pieces(rng: Rng, stream: Uint8Array): Uint8Array[] {
  return randomSplit(rng, stream);
}

function same(a: Buffer, b: Buffer, what: string): void {
  if (!a.equals(b)) throw new Error(`${what}: a different result when split (${a.length} bytes whole, ${b.length} split)`);
}

function checkTranslators(rng: Rng, stream: Uint8Array): void {
  const whole = cp437ToUtf8().push(stream);
  const split = Buffer.concat(pieces(rng, stream).map((p) => cp437ToUtf8().push(p)));
  same(whole, split, 'CP437 to UTF-8');
  if (Buffer.from(whole.toString('utf8'), 'utf8').compare(whole) !== 0) throw new Error('CP437 to UTF-8 gave invalid UTF-8');
  const toCp437 = utf8ToCp437();
  const whole437 = utf8ToCp437();
  const once = Buffer.concat([whole437.push(stream), whole437.flush()]);
  const streamed = Buffer.concat([...pieces(rng, stream).map((p) => toCp437.push(p)), toCp437.flush()]);
  same(once, streamed, 'UTF-8 to CP437');
  const controls = (b: Uint8Array): string => Array.from(b).filter((x) => x < 0x20 || x === 0x7f).join(',');
  if (controls(stream) !== controls(once)) throw new Error('UTF-8 to CP437 changed the control bytes');
}

function checkFarBoard(rng: Rng, stream: Uint8Array): void {
  const whole = new OutboundTelnet({ cols: 80, rows: 24, terminalType: 'XTERM' }).decode(stream).data;
  const far = new OutboundTelnet({ cols: 80, rows: 24, terminalType: 'XTERM' });
  const split = Buffer.concat(pieces(rng, stream).map((p) => far.decode(p).data));
  same(whole, split, 'the far board\'s data');
  far.encode(stream);
  far.resize(1 + Math.floor(rng() * 300), 1 + Math.floor(rng() * 100));
}

function checkEscape(rng: Rng, stream: Uint8Array): void {
  const watch = new EscapeWatch();
  const passed: number[] = [];
  for (const p of pieces(rng, stream)) {
    const seen = watch.push(p);
    passed.push(...seen.pass);
    if (seen.escaped) return;
  }
  const firstEscape = stream.indexOf(0x1d);
  if (firstEscape < 0 && Buffer.compare(Buffer.from(passed), Buffer.from(stream)) !== 0) throw new Error('keys without Ctrl-] were changed');
  if (firstEscape >= 0 && Buffer.compare(Buffer.from(passed.slice(0, firstEscape)), Buffer.from(stream.subarray(0, firstEscape))) !== 0) throw new Error('keys before Ctrl-] were changed');
}

function check(rng: Rng, stream: Uint8Array): number {
  checkTranslators(rng, stream);
  checkFarBoard(rng, stream);
  checkEscape(rng, stream);
  return stream.length;
}

function random(rng: Rng): Uint8Array {
  return rng() < 0.5 ? randomTelnetStream(rng) : randomBytes(rng, 600, [0x1b, 0x1d, 0xff, 0x0d, 0x00, 0x71, 0xe2, 0x96, 0x88]);
}

export function fuzzDoorStreams(count: number, seed: number): FuzzReport {
  return fuzzLoop(streamFuzzSpec('door-streams', 'OutboundTelnet, cp437ToUtf8, utf8ToCp437, EscapeWatch (src/doors/)', [CAPTURE], random, check), count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzDoorStreams);
