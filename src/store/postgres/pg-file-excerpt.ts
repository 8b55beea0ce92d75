import { foldWord, wordsWithOffsets } from '../search-words.js';

/**
 * A search hit's excerpt on PostgreSQL, cut as SQLite's FTS5 `snippet()`
 * cuts it (ts_headline would parse the text with PostgreSQL's own parser
 * and miss folded accents): a window of a few words of the description,
 * the one holding the most different searched words, preferring one that
 * starts a sentence; each matching word between `open` and `close`; an
 * ellipsis where the description goes on.
 */

const ELLIPSIS = '…';
const OPEN = '\u0001';
const CLOSE = '\u0002';
/** Hits weighed at most: a description is a few lines, and a pathological one must not cost a quadratic scan. */
const MAX_HITS = 256;

interface Hit {
  /** The word's index in the description. */
  at: number;
  /** Which searched word it matched. */
  word: number;
}

/** Every (position, searched word) pair where a description word starts with a searched word. */
function hitsIn(folded: readonly string[], lexemes: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (let at = 0; at < folded.length && hits.length < MAX_HITS; at++) {
    lexemes.forEach((l, word) => (folded[at]!.startsWith(l) ? hits.push({ at, word }) : undefined));
  }
  return hits;
}

/** FTS5's score of a window: 1000 for each searched word it holds, 1 for each repeat; and the window moved to centre them. */
function scoreFrom(hits: readonly Hit[], start: number, size: number, total: number): { score: number; centred: number } {
  const seen = new Set<number>();
  let score = 0;
  let first = -1;
  let last = 0;
  for (const hit of hits) {
    if (hit.at < start || hit.at >= start + size) continue;
    score += seen.has(hit.word) ? 1 : 1000;
    seen.add(hit.word);
    if (first < 0) first = hit.at;
    last = hit.at + 1;
  }
  let centred = first - Math.trunc((size - (last - first)) / 2);
  if (centred + size > total) centred = total - size;
  return { score, centred: Math.max(centred, 0) };
}

/** True when whitespace, after a full stop or colon, comes just before `offset`. */
function afterSentenceEnd(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && ' \t\r\n'.includes(text[i]!)) i--;
  return i !== offset - 1 && i >= 0 && (text[i] === '.' || text[i] === ':');
}

/** Words that start a sentence: the first, and any after a full stop or colon and a space. */
function sentenceStarts(text: string, words: ReadonlyArray<{ start: number }>): number[] {
  return words.flatMap((w, i) => (i === 0 || afterSentenceEnd(text, w.start) ? [i] : []));
}

/** The first word of the best window, as FTS5 chooses it. */
function bestStart(text: string, words: ReadonlyArray<{ start: number }>, hits: readonly Hit[], size: number): number {
  const sentences = sentenceStarts(text, words);
  let best = { score: 0, start: 0 };
  for (const hit of hits) {
    const { score, centred } = scoreFrom(hits, hit.at, size, words.length);
    if (score > best.score) best = { score, start: centred };
    if (sentences.length === 0 || words.length <= size) continue;
    const sentence = sentences.filter((s) => s <= hit.at).pop() ?? sentences[0]!;
    if (sentence >= hit.at) continue;
    const bonus = scoreFrom(hits, sentence, size, words.length).score + (sentence === 0 ? 120 : 100);
    if (bonus > best.score) best = { score: bonus, start: sentence };
  }
  return best.start;
}

/** `text` from word `start` for `size` words, the words matched marked. */
export function excerptOf(text: string, lexemes: readonly string[], size = 10): string {
  const words = wordsWithOffsets(text);
  if (words.length === 0) return text;
  const hits = hitsIn(words.map((w) => foldWord(w.word)), lexemes);
  const start = bestStart(text, words, hits, size);
  const end = Math.min(start + size, words.length) - 1;
  const marked = new Set(hits.map((h) => h.at));
  let out = start > 0 ? ELLIPSIS : '';
  let offset = start > 0 ? words[start]!.start : 0;
  for (let i = start; i <= end; i++) {
    const w = words[i]!;
    out += text.slice(offset, w.start) + (marked.has(i) ? `${OPEN}${w.word}${CLOSE}` : w.word);
    offset = w.end;
  }
  return out + (end >= words.length - 1 ? text.slice(offset) : ELLIPSIS);
}
