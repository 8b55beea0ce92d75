import { neutralize } from '../screens/neutralize.js';
import { wrapText } from '../screens/text-width.js';
import type { SessionIO } from '../session/io.js';
import type { PublicMessage } from '../store/types.js';
import { findArea } from './areas.js';
import type { FlowDeps } from './deps.js';
import { formatWhen } from './format.js';
import { zoneOf } from '../screens/zone-clock.js';

/**
 * A body as the caller sees it: made harmless, wrapped to their width, quoted
 * lines ("> ") in their own colour so a reply reads apart from its quote.
 */
export function renderBody(io: SessionIO, body: string): string {
  const rows = wrapText(neutralize(body, { keepNewlines: true }), Math.max(io.session.terminal.cols - 2, 20));
  return rows.map((line) => io.render(line.startsWith('>') ? 'body_quote' : 'body_line', { line })).join('\n');
}

/** One public message with its header: subject, area, author, time, and what it answers. */
export function renderAreaMessage(io: SessionIO, deps: FlowDeps, m: PublicMessage): string {
  const header = io.render('area_message', {
    id: m.id,
    subject: m.subject ?? '(no subject)',
    area: findArea(deps, m.area)?.title ?? m.area,
    author: m.authorName,
    when: formatWhen(m.createdAt, zoneOf(io.session)),
    thread: m.parentId === null ? 'new topic' : `reply to #${m.parentId}`,
  });
  return `${header}\n${renderBody(io, m.body)}`;
}
