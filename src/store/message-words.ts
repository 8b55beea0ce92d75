import { foldWord, searchWords, wordsWithOffsets } from './search-words.js';

/**
 * The words of messages as both engines index them, cut and folded here so
 * that SQLite and PostgreSQL match exactly the same things.
 *
 * Scripts written without spaces (Chinese, Japanese, Korean syllables, Thai,
 * Lao, Khmer, Myanmar) have no word boundaries to cut at: a run of them is
 * one "word" to a Unicode tokenizer, and a word inside the run could never be
 * found. So such a run is indexed one character (a letter and its marks) per
 * token, and a searched word in those scripts becomes a phrase of adjacent
 * characters: 東京 is found in 東京タワーに行った. Other scripts are whole
 * words, lower case, Latin accents dropped (foldWord), as the file search
 * keeps them. Trigrams (FTS5 `trigram`, pg_trgm) were the other choice; they
 * cannot find a word of fewer than three characters, which most Chinese and
 * Japanese words are, and pg_trgm's idea of a letter follows the database's
 * locale.
 */

/** One letter of a script without spaces, with the marks that belong to it. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*/gu;
/** A token longer than this is no word anybody searches for; PostgreSQL refuses lexemes of 2 KiB. */
const MAX_TOKEN_BYTES = 2047;

export interface Token {
  token: string;
  start: number;
  end: number;
}

/** The pieces of one word: the stretches between unspaced letters, and each unspaced letter alone. */
function piecesOf(word: string, start: number, out: Token[]): void {
  let at = 0;
  const push = (from: number, to: number): void => {
    const token = foldWord(word.slice(from, to));
    if (token.length > 0 && Buffer.byteLength(token) <= MAX_TOKEN_BYTES) out.push({ token, start: start + from, end: start + to });
  };
  for (const m of word.matchAll(UNSPACED)) {
    if (m.index > at) push(at, m.index);
    push(m.index, m.index + m[0].length);
    at = m.index + m[0].length;
  }
  if (at < word.length) push(at, word.length);
}

/** The tokens of `text` in order, each with where it stands in the text as written. */
export function tokensOf(text: string): Token[] {
  const out: Token[] = [];
  for (const { word, start } of wordsWithOffsets(text)) piecesOf(word, start, out);
  return out;
}

/**
 * What a caller typed as phrases to find, all of them: each typed word is a
 * phrase of its tokens (one token for most words, one per character in an
 * unspaced script). Null when nothing searchable is left. Operators, quotes
 * and punctuation never reach an engine: only tokens do.
 */
export function searchPhrases(text: string): string[][] | null {
  const phrases = searchWords(text)
    .map((word) => tokensOf(word).map((t) => t.token))
    .filter((p) => p.length > 0);
  return phrases.length === 0 ? null : phrases;
}
