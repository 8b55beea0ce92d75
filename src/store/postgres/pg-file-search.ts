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
export function quoted(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function fits(lexeme: string): boolean {
  return Buffer.byteLength(lexeme) <= MAX_LEXEME_BYTES;
}

/**
 * Lexemes at their positions (from 1) as a tsvector literal; `label` (a
 * weight letter, or none for the lowest) on every position.
 */
export function tsVectorLiteral(lexemes: Iterable<{ lexeme: string; at: number }>, label = ''): string {
  const positions = new Map<string, number[]>();
  for (const { lexeme, at } of lexemes) {
    if (lexeme.length === 0 || !fits(lexeme)) continue;
    const list = positions.get(lexeme) ?? [];
    if (list.length < MAX_POSITIONS) list.push(at);
    positions.set(lexeme, list);
  }
  return Array.from(positions, ([lexeme, at]) => `${quoted(lexeme)}:${at.map((p) => `${p}${label}`).join(',')}`).join(' ');
}

/**
 * The words of `text` as a tsvector literal, each with its positions;
 * weight `A` for a name, so that a name's words rank above a description's
 * (SQLite weighs the name column four times the description).
 */
export function tsVectorOf(text: string, weight: 'A' | 'D'): string {
  const words = wordsWithOffsets(text.normalize('NFC')).map(({ word }, index) => ({ lexeme: foldWord(word), at: index + 1 }));
  return tsVectorLiteral(words, weight === 'A' ? 'A' : '');
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
