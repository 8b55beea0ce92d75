/**
 * The nearest CP437 for Unicode that code page 437 lacks: typographic
 * punctuation, arrows, ticks and signs that modern text is full of (a
 * sysop's MOTD pasted from a word processor, a caller's message typed on a
 * phone). An ANSI-BBS caller reads "It's "this" - ok..." instead of "It?s
 * ?this? ? ok?". Every stand-in is ASCII or a CP437 glyph above 0x7F, never
 * one that CP437 keeps at a control byte, so it is as safe in user text as in
 * art. Letters with marks CP437 lacks lose the marks instead (ő -> o).
 */
export const CP437_STAND_INS: Readonly<Record<string, string>> = {
  // dashes, hyphens and minus
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '\u2500', '\u2015': '\u2500', '\u2212': '-', '\u2043': '-',
  // quotes and primes
  '\u2018': "'", '\u2019': "'", '\u201a': ',', '\u201b': "'", '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"',
  '\u2032': "'", '\u2033': '"', '\u2039': '<', '\u203a': '>', '\u00b4': "'", '\u02bc': "'", '\u02c6': '^', '\u02dc': '~',
  // dots and bullets (• itself sits at BEL in CP437)
  '\u2026': '...', '\u2022': '\u2219', '\u2023': '>', '\u2024': '.', '\u2027': '\u00b7', '\u22c5': '\u00b7', '\u25cf': '\u2219', '\u25e6': 'o',
  // ticks, crosses, stars
  '\u2713': '\u221a', '\u2714': '\u221a', '\u2705': '\u221a', '\u2717': 'x', '\u2718': 'x', '\u274c': 'x', '\u00d7': 'x', '\u2605': '*', '\u2606': '*',
  // arrows (← sits at ESC; the others are CP437 glyphs art may use, and these are their look-alikes elsewhere)
  '\u2190': '<', '\u21d0': '<=', '\u21d2': '=>', '\u21d4': '<=>', '\u27f6': '->', '\u27f5': '<-', '\u2794': '->', '\u279c': '->',
  // signs
  '\u00a9': '(c)', '\u00ae': '(R)', '\u2122': 'TM', '\u20ac': 'EUR', '\u2030': '%', '\u00a6': '|', '\u00b8': ',', '\u00a8': '"', '\u00af': '-',
  '\u00b9': '1', '\u00b3': '3', '\u00be': '3/4', '\u2260': '!=',
  // spaces and invisible joiners
  '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u200a': ' ', '\u202f': ' ', '\u2007': ' ', '\u200b': '', '\u2060': '', '\ufeff': '',
};
