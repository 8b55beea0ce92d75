import { neutralize } from '../screens/neutralize.js';
import { textBlock, type TextBlock } from '../screens/text-block.js';
import { wrapText } from '../screens/text-width.js';

/** A stored time as the board shows it: UTC, to the minute. */
export function formatWhen(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** A stored time in a list column: UTC, to the minute, without the zone. */
export function formatShortWhen(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

/** A user's message body, made harmless and wrapped to the caller's width: a block, the one kind of value that keeps its rows. */
export function formatBody(body: string, cols: number): TextBlock {
  return textBlock(wrapText(neutralize(body, { keepNewlines: true }), Math.max(cols - 2, 20)).join('\n'));
}

/** Hours and minutes of a time, UTC: "14:05". */
export function formatClock(at: Date): string {
  return at.toISOString().slice(11, 16);
}

/** A count with its noun, as a person says it: "1 second", "3 seconds". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How long a call lasted, as the goodbye says it: "less than a minute", "12 minutes", "1 hour and 5 minutes". */
export function formatTimeOnline(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes === 0) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const rest = minutes % 60;
  return plural(Math.floor(minutes / 60), 'hour') + (rest ? ` and ${plural(rest, 'minute')}` : '');
}

/** A span as a person says it: "45s", "12m", "3h 5m", "2d 4h". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
