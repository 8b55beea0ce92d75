/**
 * What a newsreader sends the NNTP port, under random and mutated bytes
 * seeded from nntplib's whole tour of the board (and the board's answers,
 * for their dot-stuffed blocks). For any bytes: nothing throws; the line
 * splitter gives the lines of a plain split on LF, a CR before it dropped,
 * each line past the cap given back once, empty and marked, and the same
 * lines wherever the stream is split; a block of those lines comes back
 * line for line through the stuffing and the splitter; a posted article is
 * read or refused with a reason, its text never longer than its bytes and
 * its body free of CR; header text encodes to encoded words of at most 75
 * printable characters that decode back; a range is two safe integers; a
 * wildmat answers as the regular expression it stands for; a date read is
 * the date written.
 *
 *   node --import tsx scripts/fuzz/fuzz-nntp.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { decodeHeaderText, encodeHeaderText } from '../../src/transports/nntp/header-words.js';
import { LineSplitter, type WireLine } from '../../src/transports/nntp/line-splitter.js';
import { encodeBlock, endsBlock, unstuff } from '../../src/transports/nntp/multi-line.js';
import { newsDate, parseNewsDate, parseRange, wildmat } from '../../src/transports/nntp/news-syntax.js';
import { readPostedArticle } from '../../src/transports/nntp/posted-article.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutateOrFresh, pick, randomBytes, randomSplit, randomText, type FuzzReport, type Rng } from './kit.js';

const CLIENT = corpusFile('nntplib-tour-client.bin');
const SAMPLES: readonly Buffer[] = [CLIENT, corpusFile('nntplib-tour-server.bin'), ...articlesOf(CLIENT)];
/** Caps to split at: tiny ones put every line near its edge; 4096 is the port's own. */
const CAPS = [1, 8, 64, 512, 4096];
/** Half a surrogate pair: not a character, and UTF-8 cannot carry it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NOW = new Date(Date.UTC(2026, 5, 15, 12));
const GROUPS = ['nntptest.general', 'nntptest.sysop', 'mongrelbbs.general.eeee', 'a'.repeat(40), ''];
const WORDS = ['*', '?', '!', ',', '.', 'nntptest', 'general', 'a', '1', '-', '20000101', '000000', '991231', '235959', '246099', '235960', '00991231', 'GMT', '<1@nntptest.bbs>', '\t', ' '];
const MIME = [
  'Content-Type: text/plain; charset=ISO-8859-1',
  'Content-Type: text/plain; charset="utf-16le"',
  'Content-Type: text/plain; charset=x-nothing',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Transfer-Encoding: x-uuencode',
  'Subject: =?ISO-8859-1?Q?Gr=FC=DFe_?= =?UTF-8?B?8J+YgA==?=',
  'Subject: =?x-bogus?B?AAAA?=',
  ' folded',
  '\tfolded',
  '',
  '=C3=BC=',
  'w7w=',
  '..dot',
  '.',
];

/** The articles nntplib posted, each a sample of its own. */
function articlesOf(stream: Buffer): Buffer[] {
  return stream
    .toString('latin1')
    .split(/^POST\r\n/m)
    .slice(1)
    .map((s) => Buffer.from(s.slice(0, s.indexOf('\r\n.\r\n') + 5), 'latin1'));
}

/** Lines of commands, arguments and MIME headers, CRLF or LF. */
function randomSession(rng: Rng): Uint8Array {
  const lines = Array.from({ length: 1 + int(rng, 12) }, () => {
    if (rng() < 0.4) return pick(rng, MIME);
    const words = Array.from({ length: int(rng, 5) }, () => (rng() < 0.8 ? pick(rng, WORDS) : randomText(rng, 6)));
    return pick(rng, ['LIST ACTIVE', 'NEWNEWS', 'NEWGROUPS', 'OVER', 'HDR Subject', 'POST', 'GROUP', '']) + ' ' + words.join(rng() < 0.7 ? '' : ' ');
  });
  return Buffer.from(lines.join(rng() < 0.8 ? '\r\n' : '\n') + '\r\n', 'utf8');
}

function fresh(rng: Rng): Uint8Array {
  return rng() < 0.6 ? randomSession(rng) : randomBytes(rng, 600, [0x0d, 0x0a, 0x2e, 0x3d, 0x3f, 0x2a, 0x20]);
}

function nextInput(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.5, previous, SAMPLES, fresh);
}

/** The lines a plain split on LF makes: what the splitter must agree with. */
function linesOf(bytes: Buffer, cap: number): WireLine[] {
  const parts: Buffer[] = [];
  for (let at = 0, lf = bytes.indexOf(0x0a); lf !== -1; at = lf + 1, lf = bytes.indexOf(0x0a, at)) parts.push(bytes.subarray(at, lf));
  return parts.map((p) => {
    const line = p.at(-1) === 0x0d ? p.subarray(0, -1) : p;
    return line.length > cap ? { bytes: Buffer.alloc(0), tooLong: true } : { bytes: line, tooLong: false };
  });
}

function sameLines(a: readonly WireLine[], b: readonly WireLine[]): boolean {
  return a.length === b.length && a.every((l, i) => l.tooLong === b[i]!.tooLong && l.bytes.equals(b[i]!.bytes));
}

function show(lines: readonly WireLine[]): string {
  return JSON.stringify(lines.map((l) => (l.tooLong ? '<too long>' : l.bytes.toString('latin1')))).slice(0, 300);
}

function checkSplitter(bytes: Buffer, rng: Rng): WireLine[] {
  const cap = pick(rng, CAPS);
  const want = linesOf(bytes, cap);
  const whole = new LineSplitter(cap).push(bytes);
  if (!sameLines(whole, want)) throw new Error(`cap ${cap}: the splitter gave ${show(whole)}, a split on LF ${show(want)}`);
  const splitter = new LineSplitter(cap);
  const pieces = randomSplit(rng, bytes).flatMap((part) => splitter.push(Buffer.from(part)));
  if (!sameLines(pieces, want)) throw new Error(`cap ${cap}: split reading gave ${show(pieces)}, whole ${show(want)}`);
  return linesOf(bytes, 1 << 30);
}

/** Lines out as a block and back in, as a newsreader reads what the board sends. */
function checkBlock(lines: readonly WireLine[]): void {
  const texts = lines.map((l) => l.bytes.toString('utf8').replace(/[\r\n]/g, ''));
  const back: string[] = [];
  for (const line of new LineSplitter(1 << 30).push(Buffer.from(encodeBlock(texts), 'utf8'))) {
    if (endsBlock(line.bytes)) break;
    back.push(unstuff(line.bytes).toString('utf8'));
  }
  if (back.length !== texts.length || back.some((t, i) => t !== texts[i])) throw new Error(`a block came back as ${JSON.stringify(back).slice(0, 200)}, sent ${JSON.stringify(texts).slice(0, 200)}`);
}

/** The lines after each POST up to the lone dot, unstuffed, as the session hands them to the reader. */
function checkArticles(lines: readonly WireLine[]): void {
  const articles: Buffer[][] = [[]];
  for (const line of lines) {
    if (endsBlock(line.bytes)) articles.push([]);
    else articles.at(-1)!.push(unstuff(line.bytes));
  }
  for (const article of articles) {
    const read = readPostedArticle(article);
    if ('error' in read) {
      if (read.error.length === 0) throw new Error('an article refused without a reason');
      continue;
    }
    const bytes = article.reduce((n, l) => n + l.length + 1, 0);
    const text = read.body.length + [...read.headers.values()].reduce((n, v) => n + v.length, 0);
    if (text > bytes) throw new Error(`an article of ${bytes} bytes became ${text} characters`);
    if (read.body.includes('\r')) throw new Error('a CR left in a posted body');
    for (const name of read.headers.keys()) if (name !== name.toLowerCase() || name === '') throw new Error(`header name ${JSON.stringify(name)} is not lower case`);
  }
}

function checkHeaderText(text: string): void {
  // Only what a header can carry: one line, no controls, whole characters; "=?" would be read as a word even in ASCII.
  const line = text.replace(LONE_SURROGATE, '\ufffd').replace(/[\x00-\x1f\x7f]/g, '').replace(/=+(?=\?)/g, '');
  const encoded = encodeHeaderText(line);
  if (!/^[\x20-\x7e]*$/.test(encoded)) throw new Error(`header text is not printable ASCII: ${JSON.stringify(encoded)}`);
  if (encoded !== line && encoded.split(' ').some((w) => w.length > 75)) throw new Error(`an encoded word past 75 characters: ${encoded}`);
  const decoded = decodeHeaderText(encoded);
  if (decoded !== line) throw new Error(`header text came back as ${JSON.stringify(decoded)}, sent ${JSON.stringify(line)}`);
}

/** The regular expression a wildmat stands for, for patterns of few stars, where backtracking costs nothing. */
function wildmatByRegExp(pattern: string, name: string): boolean {
  let result = false;
  for (const p of pattern.split(',')) {
    const negate = p.startsWith('!');
    const body = negate ? p.slice(1) : p;
    const re = new RegExp('^' + body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'iu');
    if (re.test(name)) result = !negate;
  }
  return result;
}

function checkSyntax(words: readonly string[]): void {
  for (const [i, word] of words.entries()) {
    const range = parseRange(word);
    if (range && !(Number.isSafeInteger(range.low) && Number.isSafeInteger(range.high) && range.low >= 0)) throw new Error(`range ${word} read as ${JSON.stringify(range)}`);
    const matches = wildmat(word);
    const stars = word.split('*').length - 1;
    for (const group of [...GROUPS, word.replace(/[*?!,]/g, '')]) {
      const got = matches(group);
      if (stars <= 3 && word.length <= 64 && got !== wildmatByRegExp(word, group)) throw new Error(`wildmat ${word} said ${got} of ${group}`);
    }
    const next = words[i + 1];
    const at = parseNewsDate(word, next, NOW);
    if (at) {
      const written = newsDate(at);
      if (written.slice(word.length === 8 ? 0 : 2) !== word + next) throw new Error(`date ${word} ${next} read as ${written}`);
    }
  }
}

function check(input: Uint8Array, rng: Rng): void {
  const bytes = Buffer.from(input);
  const lines = checkSplitter(bytes, rng);
  checkBlock(lines);
  checkArticles(lines);
  const text = bytes.toString('utf8');
  checkHeaderText(text.slice(0, 300));
  checkSyntax(text.split(/[\s]+/).slice(0, 40));
}

export function fuzzNntp(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>(
    {
      name: 'nntp',
      target: 'LineSplitter, multi-line blocks, readPostedArticle, header words, ranges, wildmats, dates (src/transports/nntp/)',
      first: CLIENT,
      next: nextInput,
      check,
    },
    count,
    seed,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzNntp);
