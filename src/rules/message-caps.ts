/** How big one message may be, whichever wire it is written on. */

/** Most characters in a subject: the terminal's prompt stops there, and a newsreader's subject is refused past it. */
export const SUBJECT_MAX = 60;

/** What a message costs against the storage quota: its subject and body in UTF-8. */
export function messageBytes(body: string, subject: string | null | undefined): number {
  return Buffer.byteLength(body) + Buffer.byteLength(subject ?? '');
}

/**
 * Why a body written whole (not typed line by line, where the editor stops
 * at the caps) is over limits.messageLines or limits.lineLength; null when
 * it fits.
 */
export function bodyOverCaps(body: string, limits: { messageLines: number; lineLength: number }): string | null {
  const lines = body.split('\n');
  if (lines.length > limits.messageLines) return `${lines.length} lines; a message may have ${limits.messageLines}`;
  const long = lines.findIndex((l) => [...l].length > limits.lineLength);
  return long >= 0 ? `line ${long + 1} is longer than ${limits.lineLength} characters` : null;
}
