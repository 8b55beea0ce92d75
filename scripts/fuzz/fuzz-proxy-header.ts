/**
 * The PROXY v2 header decoder under random and mutated bytes, seeded from
 * the header HAProxy really sends. For any bytes: nothing throws, every
 * answer is one of the four with a reason for an error, reading in any
 * split answers as reading at once, what follows a header is handed on byte
 * for byte, and nothing longer than the cap is waited for.
 *
 *   node --import tsx scripts/fuzz/fuzz-proxy-header.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { decodeProxyV2, MAX_PROXY_V2_HEADER, PROXY_V2_SIGNATURE, ProxyV2Reader, type ProxyV2Result } from '../../src/transports/proxy/proxy-v2.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomBytes, randomSplit, type FuzzReport, type Rng } from './kit.js';

const CAPTURE = corpusFile('haproxy-send-proxy-v2.bin');
const SAMPLES: readonly Buffer[] = [CAPTURE, CAPTURE.subarray(0, 28)];

/** A header with random fields: any command, family and length, a body of about that length, then caller bytes. */
function randomHeader(rng: Rng): Uint8Array {
  const verCmd = rng() < 0.8 ? 0x20 | int(rng, 3) : int(rng, 256);
  const famProto = rng() < 0.7 ? pick(rng, [0x00, 0x11, 0x21, 0x12, 0x31]) : int(rng, 256);
  const length = rng() < 0.8 ? pick(rng, [0, 12, 36, 40, 216, int(rng, 80)]) : int(rng, 65536);
  const body = randomBytes(rng, Math.min(length + 8, 300));
  return Buffer.concat([PROXY_V2_SIGNATURE, Buffer.from([verCmd, famProto, length >> 8, length & 0xff]), body, randomBytes(rng, 16)]);
}

function fresh(rng: Rng): Uint8Array {
  return rng() < 0.7 ? randomHeader(rng) : randomBytes(rng, 64, [0x0d, 0x0a, 0x00, 0x51, 0x21, 0x11]);
}

function nextInput(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.4, previous, SAMPLES, fresh);
}

function same(a: ProxyV2Result, b: ProxyV2Result): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function checkInput(bytes: Uint8Array, rng: Rng): void {
  const whole = decodeProxyV2(bytes);
  if (!['more', 'proxy', 'local', 'error'].includes(whole.kind)) throw new Error(`unknown answer ${whole.kind}`);
  if (whole.kind === 'error' && whole.reason.length === 0) throw new Error('an error without a reason');
  if (whole.kind === 'more' && bytes.length >= MAX_PROXY_V2_HEADER) throw new Error(`waited for more after ${bytes.length} bytes`);
  if (whole.kind === 'proxy' || whole.kind === 'local') {
    const end = bytes.length - whole.rest.length;
    if (!Buffer.from(bytes.subarray(end)).equals(whole.rest)) throw new Error('the bytes after the header were not handed on as they came');
    if (whole.kind === 'proxy' && (whole.source.port < 0 || whole.source.port > 65535 || whole.source.address === '')) throw new Error(`bad source ${JSON.stringify(whole.source)}`);
  }
  const reader = new ProxyV2Reader();
  let last: ProxyV2Result = { kind: 'more' };
  let offset = 0;
  for (const part of randomSplit(rng, bytes)) {
    last = reader.push(part);
    offset += part.length;
    if (last.kind !== 'more') break;
  }
  // Bytes after the chunk that completed the header were never given to the reader.
  const expected = offset === bytes.length || last.kind === 'more' ? whole : decodeProxyV2(bytes.subarray(0, offset));
  if (!same(last, expected)) throw new Error(`split reading answered ${JSON.stringify(last)}, whole ${JSON.stringify(expected)}`);
}

export function fuzzProxyHeader(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>(
    { name: 'proxy-header', target: 'decodeProxyV2, ProxyV2Reader (src/transports/proxy/proxy-v2.ts)', first: CAPTURE, next: nextInput, check: checkInput },
    count,
    seed,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzProxyHeader);
