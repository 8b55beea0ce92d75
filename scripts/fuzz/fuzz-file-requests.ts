/**
 * What a caller can send the file areas, under random and mutated text: SFTP
 * paths, HTTP `Range` headers, download-link tokens, search words, file
 * names from transfer programs and a name in `Content-Disposition`. For any
 * input: nothing throws; an SFTP path resolves only inside the tree (a
 * known area, a name the board could have given); a range lies inside the
 * body; only a token the board signed verifies; a search query is quoted
 * words only; a cleaned name passes the strict check; the header is one
 * line of printable ASCII.
 *
 *   node --import tsx scripts/fuzz/fuzz-file-requests.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { fileNameProblem, cleanFileName } from '../../src/files/file-names.js';
import { signDownloadLink, verifyDownloadLink } from '../../src/files/download-link.js';
import { ftsQueryOf } from '../../src/store/files.js';
import { parseRange } from '../../src/transports/http/byte-range.js';
import { attachmentDisposition } from '../../src/transports/http/content-disposition.js';
import { resolveSftpPath, type SftpView } from '../../src/transports/ssh/sftp/sftp-paths.js';
import { fuzzLoop, fuzzMain, int, mutate, pick, randomText, type FuzzReport, type Rng } from './kit.js';

const VIEW: SftpView = new Map([
  ['general', { download: true, upload: true }],
  ['games', { download: true, upload: false }],
]);
const SECRET = Buffer.alloc(32, 7);
const SIGNED = signDownloadLink(SECRET, { fileId: 12, userId: 3, expires: 2_000_000_000 });
const PIECES = ['/', '..', '.', 'general', 'games', 'upload', 'secret', '//', '\\', '\u0000', '%2e%2e', 'a.zip', '~', ' ', '\u202e', 'CON', '.hidden', 'é', '\ufffd'];
const RANGES = ['bytes=0-', 'bytes=-1', 'bytes=5-2', 'bytes=0-0,1-1', 'bytes = 1 - 9', 'bytes=99999999999999999-', 'items=1-2', 'bytes=-0', 'bytes=1e3-', ''];

function nextInput(rng: Rng, previous: string): string {
  const roll = rng();
  if (roll < 0.3) return Array.from({ length: 1 + int(rng, 8) }, () => pick(rng, PIECES)).join(rng() < 0.7 ? '/' : '');
  if (roll < 0.45) return pick(rng, RANGES) + (rng() < 0.5 ? randomText(rng, 8) : '');
  if (roll < 0.6) return Buffer.from(mutate(rng, Buffer.from(SIGNED))).toString('latin1');
  if (roll < 0.8) return Buffer.from(mutate(rng, Buffer.from(previous, 'utf8'))).toString('utf8');
  return randomText(rng, 120);
}

function checkSftp(input: string): void {
  for (const raw of [input, `/${input}`, `/general/upload/${input}`, `/games/${input}`]) {
    const r = resolveSftpPath(raw, VIEW);
    if (!r.ok) continue;
    const p = r.path;
    if (p.kind !== 'root' && !VIEW.has(p.area)) throw new Error(`resolved into an unknown area: ${JSON.stringify(p)}`);
    if ((p.kind === 'file' || p.kind === 'upload-file') && fileNameProblem(p.name) !== null) throw new Error(`resolved to a name the board refuses: ${JSON.stringify(p.name)}`);
    if (p.kind === 'upload-file' && !VIEW.get(p.area)!.upload) throw new Error('an upload where the area takes none');
  }
}

function checkRange(input: string, rng: Rng): void {
  const size = pick(rng, [0, 1, 10, 1024, 2 ** 40]);
  const r = parseRange(input, size);
  if (r.kind === 'part' && !(Number.isSafeInteger(r.start) && Number.isSafeInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end < size)) throw new Error(`range outside the body: ${JSON.stringify(r)} of ${size}`);
}

function checkToken(input: string): void {
  const v = verifyDownloadLink(SECRET, input, 1_000_000_000);
  if (v.ok && input !== SIGNED) throw new Error('a token the board never signed verified');
}

function checkText(input: string): void {
  const q = ftsQueryOf(input);
  if (q !== null && !/^"[^"]+"\*( "[^"]+"\*)*$/u.test(q)) throw new Error(`search query is not quoted words: ${q}`);
  const cleaned = cleanFileName(input);
  if (cleaned !== null && fileNameProblem(cleaned) !== null) throw new Error(`a cleaned name fails the check: ${JSON.stringify(cleaned)}`);
  const header = attachmentDisposition(input);
  if (!/^[\x20-\x7e]+$/.test(header)) throw new Error(`Content-Disposition is not printable ASCII: ${JSON.stringify(header)}`);
}

function check(input: string, rng: Rng): void {
  checkSftp(input);
  checkRange(input, rng);
  checkToken(input);
  checkText(input);
}

export function fuzzFileRequests(count: number, seed: number): FuzzReport {
  return fuzzLoop<string>({ name: 'file-requests', target: 'SFTP paths, Range, download tokens, search words, file names, Content-Disposition', first: '/general/upload/a.zip', next: nextInput, check }, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzFileRequests);
