import type { AreaSetting } from '../config/settings.js';
import { artMarkup } from '../screens/art-markup.js';
import { wallClock, zoneOf } from '../screens/zone-clock.js';
import type { SessionIO } from '../session/io.js';
import type { MessageHit, User } from '../store/types.js';
import { boardAreas, findArea, mayRead } from './areas.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { messageExcerptParts } from '../store/message-excerpt.js';
import { markedExcerptVars } from './marked-excerpt.js';
import { pickNumber } from './menu-input.js';
import { readEach } from './reader.js';

/** Where a search looks: the areas, and how the screen names them ("in Retro", "in every area you may read"). */
interface SearchScope {
  areas: readonly string[];
  where: string;
}

/** One area: the area menu's search. */
export function areaScope(area: AreaSetting): SearchScope {
  return { areas: [area.name], where: `in ${area.title}` };
}

/** Every area the caller may read: the new-scan's search. */
export function boardScope(deps: FlowDeps, user: User): SearchScope {
  return { areas: boardAreas(deps).filter((a) => mayRead(user, a)).map((a) => a.name), where: 'in every area you may read' };
}

/** Hits a page shows: each takes its row and a line of context, under a two-line header. */
function hitsPerPage(io: SessionIO): number {
  const rows = io.session.terminal.rows || 24;
  return Math.max(3, Math.floor((rows - 4) / 2));
}

function hitRow(io: SessionIO, deps: FlowDeps, hit: MessageHit, num: number): string {
  const m = hit.message;
  return io.render('message_search_row', {
    num,
    subject: m.subject ?? '(no subject)',
    area: findArea(deps, m.area)?.title ?? m.area,
    author: m.authorName,
    date: wallClock(m.createdAt, zoneOf(io.session)).date,
    ...markedExcerptVars(messageExcerptParts(hit.excerpt), num),
  });
}

/**
 * Ask for words, then the messages holding them, newest first, a page at a
 * time; a number opens that message in the reader (reply, thread, again),
 * and leaving it comes back to the same page.
 */
export async function searchMessages(io: SessionIO, deps: FlowDeps, user: User, scope: SearchScope): Promise<void> {
  const query = (await io.prompt('message_search_ask', { maxLength: 80, vars: { where: scope.where } })).trim();
  if (query === '') return;
  io.enter('search', `searching messages ${scope.where}`);
  const perPage = hitsPerPage(io);
  // The cursor of each page shown so far: P goes back one.
  const cursors: Array<number | undefined> = [undefined];
  let draw = true;
  let hits: MessageHit[] = [];
  for (;;) {
    // One more than a page tells whether there is a next one.
    if (draw) hits = await deps.store.publicMessages.search(query, scope.areas, { limit: perPage + 1, beforeId: cursors.at(-1) });
    if (hits.length === 0 && cursors.length === 1) {
      io.screen('message_search_none', { query, where: scope.where });
      return;
    }
    const page = hits.slice(0, perPage);
    const more = hits.length > perPage;
    if (draw) {
      const count = cursors.length === 1 && !more ? plural(page.length, 'message') : `page ${cursors.length}`;
      io.clearScreen();
      io.screen('message_search_header', { query, where: scope.where, count });
      io.print(page.map((h, i) => hitRow(io, deps, h, i + 1)).join('\n'));
    }
    draw = true;
    const keys = `${more ? '|14N|11 more, ' : ''}${cursors.length > 1 ? '|14P|11 previous, ' : ''}`;
    const answer = (await io.prompt('message_search_ask_more', { maxLength: 4, vars: { keys: artMarkup(keys) } })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'N' && more) cursors.push(page.at(-1)!.message.id);
    else if (answer === 'P' && cursors.length > 1) cursors.pop();
    else {
      const n = pickNumber(answer, page.length);
      if (n === null) {
        io.screen('message_search_bad_choice', { choice: answer });
        draw = false;
        continue;
      }
      await readEach(io, deps, user, [page[n - 1]!.message]);
    }
  }
}
