/**
 * The JSON-socket frame codec under random and mutated byte streams, seeded
 * from the original Python client's real frames. For any bytes: nothing
 * throws, any split of the stream decodes the same, every message has a
 * clean path and an object body, nothing follows an error, a frame past the
 * cap is refused, and every reply we encode decodes back to itself.
 *
 *   node --import tsx scripts/fuzz/fuzz-frame-codec.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { decodeFrame, encodeReply, FrameDecoder, MAX_FRAME_BYTES, type DecodedFrame } from '../../src/transports/tcpjson/frame-codec.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomBytes, randomSplit, randomText, type FuzzReport, type Rng } from './kit.js';

const CAPTURE = corpusFile('python-client-frames.bin');
/** Each real frame on its own, NUL included, plus the whole conversation. */
const SAMPLES: readonly Buffer[] = [
  CAPTURE,
  ...CAPTURE.toString('latin1')
    .split('\0')
    .filter(Boolean)
    .map((f) => Buffer.from(f + '\0', 'latin1')),
  Buffer.from('<policy-file-request/>\0'),
];

const PATHS = ['@bbs', '@bbs.1', '@bbs.9999', '@', '@ ', '@x'.repeat(80), '@bbs\u00e9', 'bbs', '@\x7f'];
const BODIES = ['{"type":"msg","msg":"hi"}', '{}', '[]', 'null', '"s"', '{"msg":', '{"a":{"b":{"c":[1,2,{"d":null}]}}}', '{"msg":"\\ud800"}', '1e999', '{"__proto__":{"x":1}}'];

function randomFrame(rng: Rng): Buffer {
  const r = rng();
  if (r < 0.5) return Buffer.from(`${pick(rng, PATHS)} ${pick(rng, BODIES)}\0`, 'utf8');
  if (r < 0.65) return Buffer.from(`@bbs ${JSON.stringify({ type: 'msg', msg: randomText(rng, 64) })}\0`, 'utf8');
  if (r < 0.72) return Buffer.from(`@bbs {"msg":"${'x'.repeat(MAX_FRAME_BYTES - 20 + int(rng, 40))}"}\0`);
  if (r < 0.8) return Buffer.from([0]);
  return Buffer.from(randomBytes(rng, 64, [0x00, 0x40, 0x20, 0x7b, 0x7d, 0x22, 0x5c, 0x3c]));
}

export function nextStream(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.4, previous, SAMPLES, randomFrames);
}

function randomFrames(rng: Rng): Buffer {
  return Buffer.concat(Array.from({ length: 1 + int(rng, 6) }, () => randomFrame(rng)));
}

function decodeAll(parts: Uint8Array[], max: number): DecodedFrame[] {
  const decoder = new FrameDecoder(max);
  const out: DecodedFrame[] = [];
  for (const part of parts) out.push(...decoder.push(part));
  return out;
}

export function checkStream(stream: Uint8Array, rng: Rng): void {
  const max = rng() < 0.8 ? MAX_FRAME_BYTES : 8 + int(rng, 256);
  const whole = decodeAll([stream], max);
  const split = decodeAll(randomSplit(rng, stream), max);
  if (JSON.stringify(whole) !== JSON.stringify(split)) throw new Error('a split of the input decoded differently');
  const nuls = stream.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  const errorAt = whole.findIndex((f) => f.kind === 'error');
  if (errorAt !== -1 && errorAt !== whole.length - 1) throw new Error('frames decoded after an error');
  if (whole.filter((f) => f.kind !== 'error').length > nuls) throw new Error('more frames than NULs');
  for (const f of whole) {
    if (f.kind !== 'message') continue;
    if (!/^@[\x21-\x7e]+$/.test(f.path) || f.path.length > 128) throw new Error(`bad path ${JSON.stringify(f.path)}`);
    if (typeof f.body !== 'object' || f.body === null || Array.isArray(f.body)) throw new Error('body is not an object');
  }
  // The same frames one by one, through the one-frame decoder, agree with the stream decoder.
  if (errorAt === -1 && max === MAX_FRAME_BYTES) {
    const frames = Buffer.from(stream).toString('latin1').split('\0').slice(0, -1).filter(Boolean);
    const one = frames.map((f) => decodeFrame(Buffer.from(f, 'latin1')));
    if (JSON.stringify(one) !== JSON.stringify(whole)) throw new Error('decodeFrame disagrees with FrameDecoder');
  }
  const text = Buffer.from(stream).toString('utf8').slice(0, 200);
  const back = JSON.parse(Buffer.from(encodeReply({ type: 'screen', msg: text }).subarray(0, -1).toString('latin1'), 'base64').toString('utf8')) as { msg: string };
  // JSON.stringify escapes a lone surrogate (the slice may cut a pair), so even that comes back whole.
  if (back.msg !== text) throw new Error('a reply did not decode to itself');
}

export function fuzzFrameCodec(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>({ name: 'frame-codec', target: 'FrameDecoder, decodeFrame, encodeReply (src/transports/tcpjson/frame-codec.ts)', first: CAPTURE, next: nextStream, check: checkStream }, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzFrameCodec);
