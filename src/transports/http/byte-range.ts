/** What a `Range` header asks of a body of `size` bytes (RFC 9110 section 14). */
type RangeAnswer =
  /** No usable Range: send the whole body with 200. A header we cannot read is ignored, as the RFC allows. */
  | { kind: 'whole' }
  /** One range, inclusive at both ends, already clipped to the body: 206. */
  | { kind: 'part'; start: number; end: number }
  /** Nothing of the body is in the range: 416 with `Content-Range: bytes *\/SIZE`. */
  | { kind: 'unsatisfiable' };

/** Beyond this a number is not a byte position we could hold: 15 digits stay safe integers. */
const NUMBER = /^\d{1,15}$/;

/**
 * Reads a single byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`). Several
 * ranges at once are answered with the whole body (200), which the RFC
 * permits and which spares us multipart bodies no download client needs.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const specs = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length !== 1) return { kind: 'whole' };
  const dash = specs[0]!.indexOf('-');
  if (dash === -1) return { kind: 'whole' };
  const first = specs[0]!.slice(0, dash).trim();
  const last = specs[0]!.slice(dash + 1).trim();
  if (first === '') {
    if (!NUMBER.test(last)) return { kind: 'whole' };
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (!NUMBER.test(first) || (last !== '' && !NUMBER.test(last))) return { kind: 'whole' };
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}
