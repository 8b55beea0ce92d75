/**
 * The telnet parser and option negotiator (rules in ../fuzz-telnet.ts), fed
 * half random telnet streams and half mutations of what Debian's telnet
 * really sent the board.
 *
 *   node --import tsx scripts/fuzz/fuzz-telnet-stream.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { checkTelnetStream, randomTelnetStream } from '../fuzz-telnet.js';
import { corpusFile, fuzzLoop, fuzzMain, streamFuzzSpec, type FuzzReport } from './kit.js';

const CAPTURE = corpusFile('debian-telnet-negotiation.bin');
const SAMPLES: readonly [Uint8Array, ...Uint8Array[]] = [CAPTURE, CAPTURE.subarray(0, 0x46), CAPTURE.subarray(0x46)];

export function fuzzTelnetStream(count: number, seed: number): FuzzReport {
  return fuzzLoop(streamFuzzSpec('telnet', 'TelnetParser, TelnetOptions, parseNaws, parseTtypeIs (src/transports/telnet/)', SAMPLES, randomTelnetStream, checkTelnetStream), count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzTelnetStream);
