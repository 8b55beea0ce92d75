/**
 * The control socket's request parser under random and mutated lines, seeded
 * from the requests `bbs who/nodes/drain/restart/broadcast/kick/health` send. For
 * any line: nothing throws, and what it accepts is one of the seven commands
 * with a positive integer node, a non-blank broadcast of at most 300
 * characters, and names of at most 40.
 *
 *   node --import tsx scripts/fuzz/fuzz-control-request.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { MAX_CONTROL_LINE, parseControlRequest } from '../../src/control/protocol.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomText, type FuzzReport, type Rng } from './kit.js';

const SAMPLES: readonly Buffer[] = corpusFile('control-requests.jsonl')
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => Buffer.from(l));

const CMDS = ['"who"', '"nodes"', '"ports"', '"drain"', '"restart"', '"broadcast"', '"kick"', '"WHO"', '1', 'null', '{}', '["who"]', '"__proto__"', '"toString"'];
const VALUES = ['1', '0', '-3', '2.5', '1e300', '"2"', 'true', 'false', 'null', '" "', '""', `"${'y'.repeat(400)}"`, '{"a":1}', '[1]'];
const KEYS = ['node', 'on', 'text', 'from', 'sessionId', 'by', '__proto__'];

function randomRequest(rng: Rng): Buffer {
  if (rng() < 0.1) return Buffer.from(randomText(rng, 200));
  const pairs = [`"cmd":${pick(rng, CMDS)}`, ...Array.from({ length: int(rng, 4) }, () => `"${pick(rng, KEYS)}":${pick(rng, VALUES)}`)];
  if (rng() < 0.1) pairs.push(`"text":${JSON.stringify(randomText(rng, 400))}`);
  return Buffer.from(rng() < 0.05 ? `[${pairs.join(',')}]` : `{${pairs.join(',')}}`);
}

function nextLine(rng: Rng, previous: string): string {
  const bytes = mutateOrFresh(rng, 0.4, Buffer.from(previous), SAMPLES, randomRequest);
  // The server reads at most MAX_CONTROL_LINE bytes of one line.
  return Buffer.from(bytes).subarray(0, MAX_CONTROL_LINE).toString('utf8').split('\n')[0]!;
}

function checkLine(line: string): void {
  const r = parseControlRequest(line);
  if (typeof r === 'string') return;
  switch (r.cmd) {
    case 'who':
    case 'nodes':
    case 'ports':
      if (Object.keys(r).length !== 1) throw new Error('extra fields passed through');
      return;
    case 'drain':
    case 'restart':
      if (!Number.isSafeInteger(r.node) || r.node < 1) throw new Error(`node ${r.node} accepted`);
      if (r.cmd === 'drain' && typeof r.on !== 'boolean') throw new Error('drain without a boolean');
      return;
    case 'broadcast':
      if (typeof r.text !== 'string' || !r.text.trim() || r.text.length > 300) throw new Error('bad broadcast text accepted');
      if (typeof r.from !== 'string' || r.from.length > 40) throw new Error('bad broadcast sender accepted');
      return;
    case 'kick':
      if (typeof r.sessionId !== 'string' || typeof r.by !== 'string' || r.by.length > 40) throw new Error('bad kick accepted');
      return;
    default:
      throw new Error(`unknown command accepted: ${JSON.stringify(r).slice(0, 80)}`);
  }
}

export function fuzzControlRequest(count: number, seed: number): FuzzReport {
  return fuzzLoop<string>({ name: 'control-request', target: 'parseControlRequest (src/control/protocol.ts)', first: SAMPLES[0]!.toString(), next: nextLine, check: checkLine }, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzControlRequest);
