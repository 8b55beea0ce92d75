/**
 * What a name looks like, as opposed to what it is: two names with the same
 * skeleton can pass for each other on a caller's screen ("Zed" and "Zеd"
 * with a Cyrillic е, "Bob" and "B0b", "Carl" and "CarI"). The board refuses
 * a new name whose skeleton another account already has, so nobody can
 * impersonate a regular. A smaller cousin of Unicode's confusables skeleton
 * (UTS #39): it folds the look-alikes callers actually type.
 */

/** Letters of other scripts drawn like Latin ones, both cases (case folding runs after this). */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'a', а: 'a', В: 'b', Е: 'e', е: 'e', ё: 'e', К: 'k', к: 'k', М: 'm', Н: 'h', һ: 'h', О: 'o', о: 'o',
  Р: 'p', р: 'p', С: 'c', с: 'c', Т: 't', У: 'y', у: 'y', Х: 'x', х: 'x', І: 'i', і: 'i', Ї: 'i', ї: 'i',
  Ј: 'j', ј: 'j', Ѕ: 's', ѕ: 's', ԁ: 'd', Ԁ: 'd', ԛ: 'q', Ԛ: 'q', ԝ: 'w', Ԝ: 'w', Ӏ: 'l', ӏ: 'l', Ү: 'y', ү: 'y',
  // Greek
  Α: 'a', α: 'a', Β: 'b', β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', ι: 'i', Κ: 'k', κ: 'k', Μ: 'm', Ν: 'n',
  ν: 'v', Ο: 'o', ο: 'o', Ρ: 'p', ρ: 'p', Τ: 't', Υ: 'y', υ: 'u', Χ: 'x', χ: 'x',
};

/** After folding: characters that stand in for each other in most terminal fonts. */
const LOOKALIKE_LATIN: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '5': 's',
};

export function nameSkeleton(name: string): string {
  let out = '';
  for (const ch of name.normalize('NFKC')) out += HOMOGLYPHS[ch] ?? ch;
  out = out
    .toUpperCase()
    .toLowerCase()
    // Accents read as decoration at a glance: "Zoë" passes for "Zoe".
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    // Separators are easy to miss: "Zed_Shaw", "Zed.Shaw" and "ZedShaw" look alike.
    .replace(/[\s._-]+/g, '');
  let folded = '';
  for (const ch of out) folded += LOOKALIKE_LATIN[ch] ?? ch;
  // Letter pairs that draw as one letter.
  return folded.replace(/rn/g, 'm').replace(/vv/g, 'w');
}
