/**
 * What a browser sends the web reader, and the user text its pages and
 * feeds carry, under random and mutated input seeded from the form
 * Chromium posts. For any input: nothing throws; a form is refused with a
 * reason or read as the WHATWG parser reads it, at most 16 fields, and
 * reads back the same when sent again; a login link, a session cookie or a
 * form token is accepted only as the board signed it, never after a
 * one-byte change and never as the other kind; a query's page is a page
 * number or null; search words are tokens of letters, digits and marks
 * only, each where the text says it is, on whole characters; an excerpt is
 * one line of whole characters no wider than its window, its matches
 * inside it; feed text is XML 1.0 characters only, with no markup and no
 * `]]>` left unescaped.
 *
 *   node --import tsx scripts/fuzz/fuzz-web-reader.ts [count] [seed]
 */
import { pathToFileURL } from 'node:url';
import { bodyAsHtml, lineAsHtml, lineAsXmlText, summaryAsHtml } from '../../src/feeds/feed-text.js';
import { messageExcerpt } from '../../src/store/message-excerpt.js';
import { searchPhrases, tokensOf } from '../../src/store/message-words.js';
import { foldWord } from '../../src/store/search-words.js';
import { parseForm } from '../../src/transports/http/reader/form-body.js';
import { pageNumber, paramsOf } from '../../src/transports/http/reader/reader-route.js';
import { csrfHolds, csrfToken, signWebToken, verifyWebToken } from '../../src/web-reader/web-tokens.js';
import { corpusFile, fuzzLoop, fuzzMain, int, mutate, mutateOrFresh, pick, randomBytes, randomText, type FuzzReport, type Rng } from './kit.js';

const FORM = corpusFile('chromium-new-thread-form.txt');
const SECRET = Buffer.alloc(32, 9);
const NOW_S = 1_900_000_000;
const LOGIN = signWebToken(SECRET, 'login', { userId: 7, expires: NOW_S + 600 }, Buffer.alloc(16, 1));
const SESSION = signWebToken(SECRET, 'session', { userId: 7, expires: NOW_S + 3600 }, Buffer.alloc(16, 2));
const SESSION_ID = Buffer.alloc(16, 2).toString('hex');
const CSRF = csrfToken(SECRET, SESSION_ID);
const SAMPLES: readonly Buffer[] = [FORM, Buffer.from(`q=${encodeURIComponent('東京 café "x" OR y*')}&area=general&before=12&page=2`), Buffer.from(`csrf=${CSRF}&body=${LOGIN}`)];
const QUERY_WORDS = ['q=', 'area=', 'before=', 'page=', '&', '=', '%', '%2', '%C3%BC', '%FF', '%E6%9D%B1', '+', '0', '1', '50', '51', '999', '-1', '東京', 'タワー', 'café', 'ǅ', '\u0301', '\u00ad', '\u200d', ']]>', '<', '&amp;'];
/** Characters XML 1.0 cannot carry: controls but tab and line ends, surrogates, U+FFFE and U+FFFF. */
const NOT_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
/** Half a surrogate pair: text cut inside a character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Context an excerpt keeps before its first match (message-excerpt.ts), and the ellipses either side. */
const BEFORE = 24;

function randomQuery(rng: Rng): Uint8Array {
  return Buffer.from(Array.from({ length: int(rng, 14) }, () => (rng() < 0.7 ? pick(rng, QUERY_WORDS) : randomText(rng, 5))).join(''), 'utf8');
}

function fresh(rng: Rng): Uint8Array {
  const r = rng();
  if (r < 0.4) return randomQuery(rng);
  if (r < 0.6) return Buffer.from(randomText(rng, 200), 'utf8');
  if (r < 0.75) return mutate(rng, Buffer.from(pick(rng, [LOGIN, SESSION, CSRF]), 'latin1'));
  return randomBytes(rng, 300, [0x25, 0x26, 0x2b, 0x3d, 0x0d, 0x0a]);
}

function nextInput(rng: Rng, previous: Uint8Array): Uint8Array {
  return mutateOrFresh(rng, 0.5, previous, SAMPLES, fresh);
}

function checkForm(body: Buffer): void {
  const form = parseForm(body);
  if (!(form instanceof Map)) {
    if (form.status !== 400 || form.reason.length === 0) throw new Error(`a form refused as ${JSON.stringify(form)}`);
    return;
  }
  if (form.size > 16) throw new Error(`a form of ${form.size} fields`);
  const whatwg = new Map(new URLSearchParams('&' + body.toString('latin1')));
  if (JSON.stringify([...form]) !== JSON.stringify([...whatwg])) throw new Error(`form read as ${JSON.stringify([...form]).slice(0, 200)}, URLSearchParams ${JSON.stringify([...whatwg]).slice(0, 200)}`);
  const again = parseForm(Buffer.from(new URLSearchParams([...form]).toString(), 'latin1'));
  if (!(again instanceof Map) || JSON.stringify([...again]) !== JSON.stringify([...form])) throw new Error(`a form sent again read as ${JSON.stringify(again).slice(0, 200)}`);
}

function checkTokens(text: string): void {
  for (const [kind, signed] of [['login', LOGIN], ['session', SESSION]] as const) {
    const v = verifyWebToken(SECRET, kind, text, NOW_S);
    if (v.ok !== (text === signed)) throw new Error(`${kind} token ${JSON.stringify(text.slice(0, 80))}: ${JSON.stringify(v)}`);
    if (!v.ok && !['malformed', 'forged', 'expired'].includes(v.problem)) throw new Error(`a token refused as ${v.problem}`);
  }
  if (csrfHolds(SECRET, SESSION_ID, text) !== (text === CSRF)) throw new Error(`form token ${JSON.stringify(text.slice(0, 80))} answered wrongly`);
}

function checkQuery(text: string): void {
  for (const url of [`/read/search?${text}`, `/read/general?${text}`, text]) {
    paramsOf(url).get('q');
    const page = pageNumber(url);
    if (page !== null && !(Number.isInteger(page) && page >= 1 && page <= 50)) throw new Error(`page ${page} from ${url}`);
  }
}

/** Whether `at` falls between two characters, not inside a surrogate pair. */
function onBoundary(text: string, at: number): boolean {
  return at <= 0 || at >= text.length || !(/[\ud800-\udbff]/.test(text[at - 1]!) && /[\udc00-\udfff]/.test(text[at]!));
}

function checkWords(text: string): string[][] | null {
  let last = 0;
  for (const t of tokensOf(text)) {
    if (!(t.start >= last && t.start < t.end && t.end <= text.length)) throw new Error(`token ${JSON.stringify(t)} out of place in ${text.length} characters`);
    if (!onBoundary(text, t.start) || !onBoundary(text, t.end)) throw new Error(`token ${JSON.stringify(t)} cuts a character`);
    if (t.token !== foldWord(text.slice(t.start, t.end))) throw new Error(`token ${JSON.stringify(t.token)} is not the text at its offsets`);
    last = t.end;
  }
  const phrases = searchPhrases(text);
  if (phrases === null) return null;
  if (phrases.length === 0 || phrases.length > 12) throw new Error(`${phrases.length} phrases`);
  for (const token of phrases.flat()) if (!/^[\p{L}\p{N}\p{M}_]+$/u.test(token)) throw new Error(`search token ${JSON.stringify(token)} holds more than letters, digits and marks`);
  return phrases;
}

function checkExcerpt(text: string, phrases: readonly string[][], rng: Rng): void {
  const width = pick(rng, [1, 10, 72, 200]);
  const { text: line, matches } = messageExcerpt(rng() < 0.5 ? null : text.slice(0, 60), text, phrases, width);
  if (LONE_SURROGATE.test(line)) throw new Error(`excerpt ${JSON.stringify(line)} cuts a character`);
  if (/[\s\p{Cc}\p{Cf}]/u.test(line.replaceAll(' ', ''))) throw new Error(`excerpt ${JSON.stringify(line)} is more than one line of text`);
  const first = matches[0];
  const room = first ? Math.max(width, BEFORE + first.end - first.start) + 2 : width;
  if (line.length > room) throw new Error(`excerpt of ${line.length} characters in a window of ${width}`);
  for (const m of matches) {
    if (!(m.start >= 0 && m.start < m.end && m.end <= line.length)) throw new Error(`match ${JSON.stringify(m)} outside an excerpt of ${line.length}`);
    if (!onBoundary(line, m.start) || !onBoundary(line, m.end)) throw new Error(`match ${JSON.stringify(m)} cuts a character`);
  }
}

/** Markup's specials are all escaped: `&` only as one of the five entities, and no `<`, `>` or `]]>`. */
function checkEscaped(what: string, out: string, oneLine: boolean): void {
  if (LONE_SURROGATE.test(out) || NOT_XML.test(out)) throw new Error(`${what} holds a character XML forbids: ${JSON.stringify(out).slice(0, 200)}`);
  const text = what === 'body' ? out.replaceAll('<br />', '') : out;
  if (/[<>]|&(?!(amp|lt|gt|quot|#39);)/.test(text) || text.includes(']]>')) throw new Error(`${what} is not escaped: ${JSON.stringify(out).slice(0, 200)}`);
  if (oneLine && /[\r\n]/.test(out)) throw new Error(`${what} is more than one line`);
}

function checkFeed(text: string, rng: Rng): void {
  checkEscaped('line', lineAsHtml(text), true);
  checkEscaped('body', bodyAsHtml(text), false);
  const chars = pick(rng, [1, 40, 200]);
  const summary = summaryAsHtml(text, chars);
  checkEscaped('summary', summary, true);
  const shown = summary.replace(/&(amp|lt|gt|quot|#39);/g, '_');
  if ([...shown].length > chars + 1) throw new Error(`a summary of ${chars} characters shows ${[...shown].length}`);
  const xml = lineAsXmlText(text);
  if (LONE_SURROGATE.test(xml) || NOT_XML.test(xml) || /[\r\n]/.test(xml)) throw new Error(`XML text holds what XML forbids: ${JSON.stringify(xml).slice(0, 200)}`);
}

function check(input: Uint8Array, rng: Rng): void {
  const bytes = Buffer.from(input);
  checkForm(bytes);
  const latin1 = bytes.toString('latin1');
  checkTokens(latin1);
  checkQuery(latin1);
  // Text as a page or a feed meets it: UTF-8 read leniently, or code units as they came (lone surrogates and all).
  const text = rng() < 0.7 ? bytes.toString('utf8') : codeUnits(bytes.subarray(0, 4000));
  const phrases = checkWords(text);
  const asked = phrases ?? checkWords(randomSearchOf(text, rng));
  if (asked) checkExcerpt(text, asked, rng);
  checkFeed(text, rng);
}

/** Two bytes a UTF-16 code unit, as a browser's text can hold them: lone surrogates too. */
function codeUnits(bytes: Buffer): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode(bytes[i]! | ((bytes[i + 1] ?? 0) << 8));
  return s;
}

/** Words to search for taken from the text itself, so that excerpts have matches to mark. */
function randomSearchOf(text: string, rng: Rng): string {
  const tokens = tokensOf(text);
  return Array.from({ length: 1 + int(rng, 3) }, () => (tokens.length ? pick(rng, tokens).token : 'x')).join(' ');
}

export function fuzzWebReader(count: number, seed: number): FuzzReport {
  return fuzzLoop<Uint8Array>(
    {
      name: 'web-reader',
      target: 'parseForm, web tokens and CSRF, query params, search words, messageExcerpt, feed text (src/web-reader/, src/store/, src/feeds/)',
      first: FORM,
      next: nextInput,
      check,
    },
    count,
    seed,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) fuzzMain(fuzzWebReader);
