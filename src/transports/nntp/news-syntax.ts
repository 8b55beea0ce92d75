/** The small grammars of NNTP command arguments: ranges, wildmats, dates. */

/** An article range: `n`, `n-` (to the end) or `n-m`. */
export interface ArticleRange {
  low: number;
  high: number;
}

const MAX_NUMBER = Number.MAX_SAFE_INTEGER;

/** A range argument, or null when it is not one (a 501). */
export function parseRange(text: string): ArticleRange | null {
  const m = /^(\d{1,16})(-(\d{0,16}))?$/.exec(text);
  if (!m) return null;
  // Sixteen digits can pass the largest exact number; no article is numbered that high, so such a bound means "past every article".
  const low = Math.min(Number(m[1]), MAX_NUMBER);
  const high = m[2] === undefined ? low : m[3] === '' ? MAX_NUMBER : Math.min(Number(m[3]), MAX_NUMBER);
  return { low, high };
}

/**
 * A wildmat (RFC 3977 section 4): comma-separated patterns with * and ?,
 * a leading ! negates, and the last pattern that matches decides. Matched
 * by a scan, not a regular expression: a pattern of many stars made one
 * backtrack for a fifth of a second a group name, all taken from every
 * other caller.
 */
export function wildmat(pattern: string): (name: string) => boolean {
  const parts = pattern.split(',').map((p) => {
    const negate = p.startsWith('!');
    return { negate, glob: Array.from((negate ? p.slice(1) : p).toLowerCase()) };
  });
  return (name) => {
    const chars = Array.from(name.toLowerCase());
    let result = false;
    for (const { negate, glob } of parts) if (globMatches(glob, chars)) result = !negate;
    return result;
  };
}

/**
 * Whether `glob` (characters, * any run, ? any one) matches all of `name`,
 * in at most pattern times name steps: on a mismatch only the latest star
 * takes one character more, for an earlier star can gain nothing a later
 * one could not.
 */
function globMatches(glob: readonly string[], name: readonly string[]): boolean {
  let g = 0;
  let n = 0;
  let star = -1;
  let starAt = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] !== '*' && (glob[g] === '?' || glob[g] === name[n])) {
      g++;
      n++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      starAt = n;
    } else if (star !== -1) {
      g = star + 1;
      n = ++starAt;
    } else return false;
  }
  while (glob[g] === '*') g++;
  return g === glob.length;
}

/** NEWGROUPS and NEWNEWS's `date time [GMT]`: yymmdd or yyyymmdd, hhmmss; the board keeps UTC, so GMT or not is the same. */
export function parseNewsDate(date: string | undefined, time: string | undefined, now: Date): Date | null {
  if (!date || !time || !/^(\d{6}|\d{8})$/.test(date) || !/^\d{6}$/.test(time)) return null;
  let year: number;
  if (date.length === 8) year = Number(date.slice(0, 4));
  else {
    // Two digits: the year in the current century, unless that is in the future (RFC 3977 section 7.3.2).
    const yy = Number(date.slice(0, 2));
    const century = Math.floor(now.getUTCFullYear() / 100) * 100;
    year = century + yy > now.getUTCFullYear() ? century - 100 + yy : century + yy;
  }
  const d = date.slice(-4);
  const [hours, minutes, seconds] = [0, 2, 4].map((i) => Number(time.slice(i, i + 2))) as [number, number, number];
  // Date.UTC rolls 99 seconds into the next minute, as it rolls 31 February into March: a time that does not exist is a syntax error.
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const at = new Date(Date.UTC(2000, Number(d.slice(0, 2)) - 1, Number(d.slice(2)), hours, minutes, seconds));
  // Date.UTC reads years 0 to 99 as 1900 to 1999: the year is set on its own, so 0050 stays 0050.
  at.setUTCFullYear(year, Number(d.slice(0, 2)) - 1, Number(d.slice(2)));
  if (Number.isNaN(at.getTime()) || at.getUTCMonth() !== Number(d.slice(0, 2)) - 1 || at.getUTCDate() !== Number(d.slice(2))) return null;
  return at;
}

/** DATE's answer: yyyymmddhhmmss in UTC. */
export function newsDate(at: Date): string {
  return at.toISOString().replace(/[-T:]/g, '').slice(0, 14);
}
