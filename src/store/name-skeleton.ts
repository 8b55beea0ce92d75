import { createRequire } from 'node:module';

/**
 * What a name looks like, as opposed to what it is: two names with the same
 * skeleton can pass for each other on a caller's screen ("Zed" and "Zеd"
 * with a Cyrillic е, "ɑlice" with a Latin alpha, "ᴠictim" with a small
 * capital V, "Bob" and "B0b", "Carl" and "CarI"). The board refuses a new
 * name whose skeleton another account already has, so nobody can
 * impersonate a regular.
 *
 * The core is Unicode's confusables skeleton (UTS #39), with the whole
 * confusables.txt table as the unhomoglyph package ships it. That skeleton
 * is case-sensitive and keeps accents, digits and separators apart; names on
 * a board are not, so the board folds those on top of it.
 */

/** Characters that draw as nothing: fillers, zero-width and format characters, variation selectors. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** After folding: characters that stand in for each other in most terminal fonts. */
const LOOKALIKE_LATIN: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '5': 's',
};

/**
 * The confusables table: about 700 KB of heap once loaded, so it is loaded
 * with the first name looked at (a new account, a login by name, a
 * migration), not at start: most of a board's life is spent idle or with
 * callers who are already in.
 */
let unhomoglyph: ((text: string) => string) | null = null;
function prototypesOf(text: string): string {
  unhomoglyph ??= createRequire(import.meta.url)('unhomoglyph') as (text: string) => string;
  return unhomoglyph(text);
}

/** One UTS #39 mapping pass: decompose, map every confusable to its prototype, decompose again. */
const confusables = (s: string): string => prototypesOf(s.normalize('NFKD')).normalize('NFKD');

export function nameSkeleton(name: string): string {
  // Invisible characters are no part of a name's looks: "bob" and "bob" with a filler after it are one name.
  const visible = name.normalize('NFKD').replace(INVISIBLE, '');
  // The table lists some letters in one case only (Greek capital Chi is an
  // X, small chi is not listed), so each case gets its turn; the last step
  // is full case folding, approximated by the upper-then-lower round trip
  // (ß -> ss, final sigma -> sigma).
  const mapped = confusables(confusables(confusables(visible).toUpperCase()).toLowerCase()).toUpperCase().toLowerCase();
  const bare = mapped
    // Accents read as decoration at a glance: "Zoë" passes for "Zoe". Spacing
    // marks (the vowel signs of Indic scripts) are part of a letter's shape, so they stay.
    .replace(/[\p{Mn}\p{Me}]/gu, '')
    // Separators are easy to miss: "Zed_Shaw", "Zed.Shaw" and "ZedShaw" look alike.
    .replace(/[\s._-]+/gu, '');
  let folded = '';
  for (const ch of bare) folded += LOOKALIKE_LATIN[ch] ?? ch;
  // Letter pairs that draw as one letter (the table already spells "m" as "rn").
  return folded.replace(/rn/g, 'm').replace(/vv/g, 'w').normalize('NFC');
}
