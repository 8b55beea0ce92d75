/**
 * The key that makes user names unique: "Zed", "zed" and fullwidth "ＺＥＤ"
 * are one name. NFKC folds compatibility forms (fullwidth, ligatures); the
 * upper-then-lower round trip approximates Unicode full case folding
 * (ß -> ss, final sigma -> sigma), and the last NFKC re-composes what case
 * mapping may have decomposed.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').trim();
}
