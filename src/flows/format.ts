import { neutralize } from '../screens/neutralize.js';
import { textBlock, type TextBlock } from '../screens/text-block.js';
import { wrapText } from '../screens/text-width.js';
import { wallClock } from '../screens/zone-clock.js';

/** A stored time as the caller reads it: in their zone, to the minute, with the zone's name ("2026-12-01 22:14 CET"). */
export function formatWhen(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.date} ${w.time} ${w.zone}`;
}

/** A stored time in a list column: the caller's zone, to the minute, without its name (the header names it). */
export function formatShortWhen(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.date} ${w.time}`;
}

/** A day and time as a person says it, in the caller's zone: "Tue 1 Dec 22:14". */
export function formatDayTime(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${w.day} ${w.time}`;
}

/** A user's message body, made harmless and wrapped to the caller's width: a block, the one kind of value that keeps its rows. */
export function formatBody(body: string, cols: number): TextBlock {
  return textBlock(wrapText(neutralize(body, { keepNewlines: true }), Math.max(cols - 2, 20)).join('\n'));
}

/** Hours and minutes of a time in the caller's zone: "14:05". */
export function formatClock(at: Date, zone: string): string {
  return wallClock(at, zone).time;
}

/** How long ago, as a person says it: "a moment ago", "12 minutes ago", "5 hours ago", "3 days ago". */
export function formatAgo(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  if (m < 1) return 'a moment ago';
  if (m < 60) return `${plural(m, 'minute')} ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${plural(h, 'hour')} ago`;
  return `${plural(Math.floor(h / 24), 'day')} ago`;
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
