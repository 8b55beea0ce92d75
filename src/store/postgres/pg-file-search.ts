import { foldWord, searchWords, wordsWithOffsets } from '../search-words.js';

/**
 * File search on PostgreSQL, with the words cut and folded here rather than
 * by PostgreSQL's text parser: that parser reads `doom.zip` as one host
 * name (so `zip` would find nothing) and classifies letters by the
 * database's locale, where SQLite's FTS5 finds the words of any script. So
 * the board writes each file's words as a tsvector literal and each search
 * as a tsquery literal of quoted, prefix-matched words: the same words, cut
 * and folded by the same code, on both sides of the match, and nothing a
 * caller types is ever read as query syntax.
 */

/** PostgreSQL refuses a lexeme of 2 KiB or more; a "word" that long is no word anybody searches for. */
const MAX_LEXEME_BYTES = 2047;
/** Positions kept per lexeme; PostgreSQL keeps at most 256. */
const MAX_POSITIONS = 255;

/** A lexeme quoted for tsvector and tsquery input: the quote and the backslash escaped. */
function quoted(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function fits(lexeme: string): boolean {
  return Buffer.byteLength(lexeme) <= MAX_LEXEME_BYTES;
}

/**
 * The words of `text` as a tsvector literal, each with its positions;
 * weight `A` for a name, so that a name's words rank above a description's
 * (SQLite weighs the name column four times the description).
 */
export function tsVectorOf(text: string, weight: 'A' | 'D'): string {
  const positions = new Map<string, number[]>();
  wordsWithOffsets(text.normalize('NFC')).forEach(({ word }, index) => {
    const lexeme = foldWord(word);
    if (lexeme.length === 0 || !fits(lexeme)) return;
    const list = positions.get(lexeme) ?? [];
    if (list.length < MAX_POSITIONS) list.push(index + 1);
    positions.set(lexeme, list);
  });
  const label = weight === 'A' ? 'A' : '';
  return Array.from(positions, ([lexeme, at]) => `${quoted(lexeme)}:${at.map((p) => `${p}${label}`).join(',')}`).join(' ');
}

/** The words a search looks for, folded; null when nothing searchable is left or a word is longer than any the index holds. */
export function searchLexemes(text: string): string[] | null {
  const words = searchWords(text).map(foldWord).filter((w) => w.length > 0);
  return words.length === 0 || !words.every(fits) ? null : words;
}

/** Searched words as a tsquery literal: all of them, each as a prefix. */
export function tsQueryOf(lexemes: readonly string[]): string {
  return lexemes.map((w) => `${quoted(w)}:*`).join(' & ');
}
