/**
 * The shared line editor behind telnet and SSH (rules in ../fuzz-terminal.ts),
 * fed half random keystroke streams and half mutations of the keys a Debian
 * telnet user really typed (the data part of the capture).
 *
 *   node --import tsx scripts/fuzz/fuzz-keystrokes.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { parseAll } from '../fuzz-telnet.js';
import { checkKeystrokes, randomStream } from '../fuzz-terminal.js';
import { corpusFile, fuzzLoop, fuzzMain, streamFuzzSpec, type FuzzReport } from './kit.js';

const TYPED: Uint8Array = Buffer.concat(parseAll([corpusFile('debian-telnet-negotiation.bin')]).flatMap((e) => (e.type === 'data' ? [e.bytes] : [])));
const SAMPLES: readonly [Uint8Array, ...Uint8Array[]] = [TYPED, Buffer.from('secret pass\r\n'), Buffer.from('\x1b[A\x1b[B\x1b[C\x1b[D\x7f\x08\x15\r\x00')];

export function fuzzKeystrokes(count: number, seed: number): FuzzReport {
  return fuzzLoop(streamFuzzSpec('line-editor', 'TerminalSession and LineEditor (src/transports/terminal/)', SAMPLES, randomStream, checkKeystrokes), count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzKeystrokes);
