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
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : m[3] === '' ? MAX_NUMBER : Number(m[3]);
  return { low, high };
}

/**
 * A wildmat (RFC 3977 section 4): comma-separated patterns with * and ?,
 * a leading ! negates, and the last pattern that matches decides.
 */
export function wildmat(pattern: string): (name: string) => boolean {
  const parts = pattern.split(',').map((p) => {
    const negate = p.startsWith('!');
    const body = negate ? p.slice(1) : p;
    const re = new RegExp('^' + body.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
    return { negate, re };
  });
  return (name) => {
    let result = false;
    for (const { negate, re } of parts) if (re.test(name)) result = !negate;
    return result;
  };
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
  const at = new Date(Date.UTC(year, Number(d.slice(0, 2)) - 1, Number(d.slice(2)), Number(time.slice(0, 2)), Number(time.slice(2, 4)), Number(time.slice(4))));
  // Date.UTC rolls 31 February into March: a date that does not exist is a syntax error.
  if (Number.isNaN(at.getTime()) || at.getUTCMonth() !== Number(d.slice(0, 2)) - 1 || at.getUTCDate() !== Number(d.slice(2))) return null;
  return at;
}

/** DATE's answer: yyyymmddhhmmss in UTC. */
export function newsDate(at: Date): string {
  return at.toISOString().replace(/[-T:]/g, '').slice(0, 14);
}
