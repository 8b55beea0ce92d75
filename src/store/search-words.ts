/** Words of a search: letters and digits of any script, with the marks that belong to them. */
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;
/** A search is a few words; the rest of a long line is ignored rather than made into a costly query. */
const MAX_WORDS = 12;

/**
 * The words a caller typed, in NFC, at most a dozen. Quotes, operators and
 * punctuation are never part of a word, so no engine's query syntax can be
 * written through them.
 */
export function searchWords(text: string): string[] {
  return (text.normalize('NFC').match(WORD) ?? []).slice(0, MAX_WORDS);
}

/** Each word of `text` with where it starts and ends, for marking matches in the text as written. */
export function wordsWithOffsets(text: string): Array<{ word: string; start: number; end: number }> {
  return Array.from(text.matchAll(WORD), (m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/** A Latin letter and the combining accents after it, once decomposed. */
const LATIN_ACCENTS = /(\p{Script=Latin})[\u0300-\u036f]+/gu;

/**
 * A word as the index keeps it: lower case, and the accents of Latin
 * letters dropped, as FTS5's unicode61 `remove_diacritics 2` does (café,
 * Über, İstanbul fold; Greek and Cyrillic letters keep their marks there,
 * and so here, and so do kana and Indic letters, whose marks make another
 * letter).
 */
export function foldWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(LATIN_ACCENTS, '$1').normalize('NFC');
}
