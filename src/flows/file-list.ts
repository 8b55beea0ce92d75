import type { FileAreaDefinition } from '../config/file-areas.js';
import type { FileLibrary } from '../files/file-library.js';
import { artMarkup } from '../screens/art-markup.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { filesPerPage, fileRow } from './file-rows.js';
import { receiveFiles } from './file-transfer.js';
import { openPicked } from './file-search.js';

/** The keys under a page of files, as the prompt names them. */
function listKeys(page: number, pages: number, canUpload: boolean): string {
  const parts: string[] = [];
  if (page < pages) parts.push('|14N|11 next page');
  if (page > 1) parts.push('|14P|11 previous');
  if (canUpload) parts.push('|14U|11 upload');
  return parts.map((p) => `${p}, `).join('');
}

/**
 * An area's files a page at a time, newest first: pick one by number to see
 * it whole, turn pages, upload here. The sysop (`manage`) also sees hidden
 * files.
 */
export async function browseArea(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, area: FileAreaDefinition, manage = false): Promise<void> {
  let page = 1;
  let files: FileEntry[] = [];
  let draw = true;
  // After an upload the page is drawn below what it said (added, refused), not over it.
  let keepScreen = false;
  for (;;) {
    io.enter('files', `looking at ${area.title}`);
    const count = await deps.store.files.count(area.name, manage);
    const canUpload = library.may(user.level, area, 'upload');
    const perPage = filesPerPage(io);
    const pages = Math.max(1, Math.ceil(count / perPage));
    page = Math.min(page, pages);
    if (draw) files = await drawPage(io, deps, area, { page, pages, perPage, count, manage, clear: !keepScreen });
    draw = true;
    keepScreen = false;
    const answer = (await io.prompt('file_list_ask', { maxLength: 4, vars: { keys: artMarkup(listKeys(page, pages, canUpload)) } })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'N' && page < pages) page++;
    else if (answer === 'P' && page > 1) page--;
    else if (answer === 'U' && canUpload) {
      await receiveFiles(io, deps, library, user, area);
      keepScreen = true;
    }
    else draw = await openPicked(io, deps, library, user, answer, files);
  }
}

async function drawPage(io: SessionIO, deps: FlowDeps, area: FileAreaDefinition, at: { page: number; pages: number; perPage: number; count: number; manage: boolean; clear: boolean }): Promise<FileEntry[]> {
  const files = await deps.store.files.list(area.name, { offset: (at.page - 1) * at.perPage, limit: at.perPage, hidden: at.manage });
  if (at.clear) io.clearScreen();
  io.screen('file_list_header', { title: area.title.toUpperCase(), page: at.page, pages: at.pages, count: plural(at.count, 'file') });
  if (files.length === 0) io.screen('file_list_empty', { title: area.title });
  else io.print(files.map((f, i) => fileRow(io, f, i + 1)).join('\n'));
  return files;
}
