import { neutralize } from '../screens/neutralize.js';
import { wrapText } from '../screens/text-width.js';

/** A stored time as the board shows it: UTC, to the minute. */
export function formatWhen(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A user's message body, made harmless and wrapped to the caller's width. */
export function formatBody(body: string, cols: number): string {
  return wrapText(neutralize(body, { keepNewlines: true }), Math.max(cols - 2, 20)).join('\n');
}
