/**
 * Random and mutated telnet streams against the parser and the option
 * negotiator, checking what must hold for any peer: nothing throws, any
 * split of the input reads the same, no subnegotiation outgrows its cap, and
 * no negotiation is answered more than once. The unit suite runs a short
 * pass; run this for longer:
 *
 *   node --import tsx scripts/fuzz-telnet.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { DO, DONT, IAC, OPT_BINARY, OPT_ECHO, OPT_NAWS, OPT_SGA, OPT_TTYPE, SB, SE, WILL, WONT } from '../src/transports/telnet/telnet-codes.js';
import { TelnetOptions } from '../src/transports/telnet/telnet-options.js';
import { TelnetParser, type TelnetEvent } from '../src/transports/telnet/telnet-parser.js';
import { parseNaws } from '../src/transports/telnet/naws.js';
import { parseTtypeIs } from '../src/transports/telnet/ttype.js';
import { fuzzStreams, int, pick, randomSplit, streamFuzzMain, type Rng, type StreamFuzzStats } from './fuzz-terminal.js';

const OPTIONS = [OPT_BINARY, OPT_ECHO, OPT_SGA, OPT_TTYPE, OPT_NAWS, 5, 34, 39, 255, 0x42];
const VERBS = [WILL, WONT, DO, DONT] as const;

/** A stream of telnet pieces: data, commands, negotiations, well- and ill-formed subnegotiations. */
export function randomTelnetStream(rng: Rng, maxPieces = 24): Uint8Array {
  const out: number[] = [];
  const pieces = int(rng, maxPieces + 1);
  for (let p = 0; p < pieces; p++) {
    switch (int(rng, 10)) {
      case 0:
        out.push(IAC, pick(rng, VERBS), pick(rng, OPTIONS));
        break;
      case 1:
        out.push(IAC, SB, OPT_NAWS, int(rng, 256), int(rng, 256), IAC, IAC, int(rng, 256), IAC, SE);
        break;
      case 2:
        out.push(IAC, SB, OPT_TTYPE, 0, ...Buffer.from(pick(rng, ['xterm', 'SYNCTERM', 'ansi', ''])), IAC, SE);
        break;
      case 3:
        out.push(IAC, SB, pick(rng, OPTIONS), ...Array.from({ length: rng() < 0.15 ? 500 + int(rng, 100) : int(rng, 16) }, () => int(rng, 256)));
        if (rng() < 0.7) out.push(IAC, SE);
        break;
      case 4:
        out.push(IAC, int(rng, 256));
        break;
      case 5:
        out.push(0x0d, pick(rng, [0x00, 0x0a, 0x41, IAC]));
        break;
      case 6:
        out.push(IAC, IAC);
        break;
      default:
        for (let n = int(rng, 12); n > 0; n--) out.push(rng() < 0.8 ? 0x20 + int(rng, 0x5f) : int(rng, 256));
    }
  }
  return Uint8Array.from(out);
}

/** Parser output with adjacent data merged, so different splits compare equal. */
export function parseAll(parts: Uint8Array[], maxSubnegotiation?: number): TelnetEvent[] {
  const parser = new TelnetParser(maxSubnegotiation);
  const events: TelnetEvent[] = [];
  for (const part of parts) {
    for (const event of parser.push(part)) {
      const last = events[events.length - 1];
      if (event.type === 'data' && last?.type === 'data') last.bytes = Buffer.concat([last.bytes, event.bytes]);
      else events.push(event.type === 'data' ? { type: 'data', bytes: Buffer.from(event.bytes) } : event);
    }
  }
  return events;
}

export type TelnetFuzzStats = StreamFuzzStats<'events'>;

/** Run `count` byte streams through the telnet parser and the option negotiator. */
export function fuzzTelnet(count: number, seed: number): TelnetFuzzStats {
  return fuzzStreams('events', count, seed, randomTelnetStream, checkTelnetStream);
}

/** One stream through the parser, a random split of it, and the option negotiator; returns the event count. */
export function checkTelnetStream(rng: Rng, stream: Uint8Array): number {
  const whole = parseAll([stream]);
  const split = parseAll(randomSplit(rng, stream));
  if (!sameEvents(whole, split)) throw new Error('a split of the input read differently');
  const options = new TelnetOptions({ us: new Set([OPT_ECHO, OPT_SGA, OPT_BINARY]), him: new Set([OPT_SGA, OPT_NAWS, OPT_TTYPE, OPT_BINARY]) });
  let dataBytes = 0;
  for (const event of whole) {
    if (event.type === 'data') dataBytes += event.bytes.length;
    else if (event.type === 'subnegotiation') {
      if (event.data.length > 512) throw new Error(`subnegotiation of ${event.data.length} bytes`);
      if (event.option === OPT_NAWS) parseNaws(event.data);
      if (event.option === OPT_TTYPE) {
        const name = parseTtypeIs(event.data);
        if (name !== null && (name.length > 40 || /[^\x20-\x7e]/.test(name))) throw new Error(`bad ttype ${JSON.stringify(name)}`);
      }
    } else if (event.type === 'negotiation') {
      const { reply } = options.receive(event.verb, event.option);
      if (reply.length !== 0 && reply.length !== 3) throw new Error(`reply of ${reply.length} bytes`);
    }
  }
  if (dataBytes > stream.length) throw new Error('more data out than bytes in');
  return whole.length;
}

function sameEvents(a: TelnetEvent[], b: TelnetEvent[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    if (x.type === 'data' || x.type === 'subnegotiation') {
      const bytes = x.type === 'data' ? x.bytes : x.data;
      const other = y.type === 'data' ? y.bytes : y.type === 'subnegotiation' ? y.data : null;
      if (other === null || !bytes.equals(other)) return false;
      return x.type === 'data' ? y.type === 'data' : y.type === 'subnegotiation' && y.option === x.option && y.truncated === x.truncated;
    }
    return JSON.stringify(x) === JSON.stringify(y);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) streamFuzzMain('fuzz-telnet', fuzzTelnet);
