import type { FileLibrary } from '../files/file-library.js';
import { formatBytes } from '../files/file-library.js';
import { artMarkup } from '../screens/art-markup.js';
import { markedExcerptVars } from './marked-excerpt.js';
import type { SessionIO, Vars } from '../session/io.js';
import type { FileEntry, FileHit, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { fileCard } from './file-card.js';
import { filesPerPage } from './file-rows.js';
import { pickNumber } from './menu-input.js';

/** A file hit's excerpt, its matched words between \u0001 and \u0002, as the row's bright and dim parts. */
function excerptVars(hit: FileHit, num: number): Vars {
  let match = false;
  const parts = hit.excerpt.split(/([\u0001\u0002])/).flatMap((text) => {
    if (text === '\u0001' || text === '\u0002') {
      match = text === '\u0001';
      return [];
    }
    return [{ text, match }];
  });
  return markedExcerptVars(parts, num);
}

function hitRow(io: SessionIO, library: FileLibrary, hit: FileHit, num: number): string {
  const area = library.area(hit.file.area);
  return io.render('file_search_row', { num, name: hit.file.name, size: formatBytes(hit.file.size), area: area?.title ?? hit.file.area, ...excerptVars(hit, num) });
}

function drawHits(io: SessionIO, library: FileLibrary, query: string, page: FileHit[], count: string): void {
  io.clearScreen();
  io.screen('file_search_header', { query, count });
  io.print(page.map((h, i) => hitRow(io, library, h, i + 1)).join('\n'));
}

/** Search names and descriptions in every area the caller may see, a page of hits at a time; pick one to see it whole. */
export async function searchFiles(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User): Promise<void> {
  const query = (await io.prompt('file_search_ask', { maxLength: 80 })).trim();
  if (query === '') return;
  io.enter('files', 'searching the files');
  const areas = library.areas(user.level).map((a) => a.name);
  const perPage = filesPerPage(io);
  let offset = 0;
  let hits: FileHit[] = [];
  let draw = true;
  for (;;) {
    // One more than a page tells whether there is a next one.
    if (draw) hits = await deps.store.files.search(query, areas, { offset, limit: perPage + 1 });
    if (hits.length === 0 && offset === 0) {
      io.screen('file_search_none', { query });
      return;
    }
    const page = hits.slice(0, perPage);
    if (draw) drawHits(io, library, query, page, offset === 0 && hits.length <= perPage ? plural(hits.length, 'file') : `from ${offset + 1}`);
    draw = true;
    const more = hits.length > perPage;
    const keys = `${more ? '|14N|11 more, ' : ''}${offset > 0 ? '|14P|11 previous, ' : ''}`;
    const answer = (await io.prompt('file_search_ask_more', { maxLength: 4, vars: { keys: artMarkup(keys) } })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'N' && more) offset += perPage;
    else if (answer === 'P' && offset > 0) offset = Math.max(0, offset - perPage);
    else draw = await openPicked(io, deps, library, user, answer, page.map((h) => h.file));
  }
}

/** The file the caller picked by number from a list, opened; a wrong number is said so (false: the list is still on screen). */
export async function openPicked(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, answer: string, files: FileEntry[]): Promise<boolean> {
  const n = pickNumber(answer, files.length);
  if (n === null) {
    io.screen('file_bad_choice', { choice: answer });
    return false;
  }
  await fileCard(io, deps, library, user, files[n - 1]!);
  return true;
}
