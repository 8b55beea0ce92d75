/**
 * The browser wire's control messages under random and mutated frames,
 * seeded from the modem page's own resize messages. For any frame: nothing
 * throws, a binary frame is keys byte for byte, an accepted control message
 * is a resize inside the limits, text and byte forms agree, error strings
 * stay short, and the ?node= parameter only ever yields a node 1-9999.
 *
 *   node --import tsx scripts/fuzz/fuzz-ws-control.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { classifyClientFrame, MAX_COLS, MAX_CONTROL_BYTES, MAX_NODE, MAX_ROWS, parseClientControl, parseNodeParam } from '../../src/transports/websocket/ws-frames.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomBytes, randomText, type FuzzReport, type Rng } from './kit.js';

const SAMPLES: readonly Buffer[] = corpusFile('ws-control.jsonl')
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => Buffer.from(l));

const VALUES = ['80', '0', '-1', '1.5', '1e2', '501', '300', '301', '"80"', 'null', 'true', '[]', '{}', '9007199254740993', '1e309', 'NaN'];
const KEYS = ['type', 'cols', 'rows', '__proto__', 'constructor', 'x', 'Type', ''];

function randomControl(rng: Rng): Buffer {
  const r = rng();
  if (r < 0.5) {
    const pairs = Array.from({ length: int(rng, 5) }, () => `"${pick(rng, KEYS)}":${rng() < 0.3 ? '"resize"' : pick(rng, VALUES)}`);
    if (rng() < 0.7) pairs.unshift('"type":"resize"');
    return Buffer.from(`{${pairs.join(',')}}`);
  }
  if (r < 0.6) return Buffer.from(JSON.stringify({ type: 'resize', cols: int(rng, 700) - 100, rows: int(rng, 400) - 50 }));
  if (r < 0.7) return Buffer.from(`{"type":"resize","cols":80,"rows":24,"pad":"${'x'.repeat(200 + int(rng, 100))}"}`);
  if (r < 0.8) return Buffer.from(randomText(rng, 80));
  return Buffer.from(randomBytes(rng, 300, [0x7b, 0x7d, 0x22, 0x3a, 0x2c, 0x5b, 0x5d, 0x5c]));
}

function nextFrame(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.4, previous, SAMPLES, randomControl);
}

function checkFrame(frame: Uint8Array, rng: Rng): void {
  const binary = classifyClientFrame(frame, true);
  if (binary.kind !== 'keys' || binary.bytes !== frame) throw new Error('a binary frame was not passed on as keys');
  const text = classifyClientFrame(frame, false);
  if (text.kind === 'keys') throw new Error('a text frame became keys');
  if (text.kind === 'control') {
    const { cols, rows, type } = text.message;
    if (type !== 'resize' || !Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || cols > MAX_COLS || rows < 1 || rows > MAX_ROWS) throw new Error(`accepted ${JSON.stringify(text.message)}`);
    if (frame.byteLength > MAX_CONTROL_BYTES) throw new Error('accepted an oversized control message');
    if (Object.keys(text.message).length !== 3) throw new Error('extra keys passed through');
  } else if (text.error.length > 80) throw new Error(`error string of ${text.error.length} characters`);
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(frame);
  if (Buffer.from(decoded, 'utf8').equals(Buffer.from(frame))) {
    const again = parseClientControl(decoded);
    if (JSON.stringify(again) !== JSON.stringify(text.kind === 'control' ? { ok: true, message: text.message } : { ok: false, error: text.error })) throw new Error('text and byte forms disagree');
  }
  const url = '/modem?' + Buffer.from(frame).toString('latin1').slice(0, 120).replace(/[#]/g, '') + (rng() < 0.5 ? `&node=${int(rng, 12000)}` : '');
  const node = parseNodeParam(url);
  if (node.ok && node.node !== undefined && (!Number.isInteger(node.node) || node.node < 1 || node.node > MAX_NODE)) throw new Error(`node ${node.node} accepted`);
}

export function fuzzWsControl(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>(
    { name: 'ws-control', target: 'classifyClientFrame, parseClientControl, parseNodeParam (src/transports/websocket/ws-frames.ts)', first: SAMPLES[0]!, next: nextFrame, check: checkFrame },
    count,
    seed,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzWsControl);
