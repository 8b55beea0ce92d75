import { formatBytes, type FileLibrary } from '../files/file-library.js';
import { artMarkup } from '../screens/art-markup.js';
import { textBlock } from '../screens/text-block.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry, User } from '../store/types.js';
import { isSysop } from '../rules/levels.js';
import type { FlowDeps } from './deps.js';
import { describeFile } from './file-describe.js';
import { fileDate, uploaderOf } from './file-rows.js';
import { moveFile } from './file-move.js';
import { sendFiles } from './file-transfer.js';
import { confirm } from './menu-input.js';

/** The keys a file's screen offers this caller, as the prompt names them. */
function cardKeys(canDownload: boolean, sysop: boolean, file: FileEntry): { keys: string; words: string } {
  const parts: Array<[string, string]> = [];
  if (canDownload) parts.push(['D', 'download']);
  if (sysop) parts.push(['E', 'describe'], ['M', 'move'], ['H', file.hidden ? 'show' : 'hide'], ['X', 'delete']);
  return { keys: parts.map(([k]) => k).join(''), words: parts.map(([k, w]) => `|14${k}|11 ${w}, `).join('') };
}

/** The file's screen; on a clean screen the first time, below what a download or a change said after that. */
function showCard(io: SessionIO, file: FileEntry, areaTitle: string, fresh: boolean): void {
  if (fresh) io.clearScreen();
  io.screen('file_card', {
    name: file.name,
    area: areaTitle,
    size: formatBytes(file.size),
    bytes: file.size.toLocaleString('en-US'),
    date: fileDate(io, file),
    by: uploaderOf(file),
    downloads: file.downloads,
    flag: file.hidden ? '  (hidden from callers)' : '',
    sha256: file.sha256,
    description: textBlock(file.description === '' ? '(no description)' : file.description),
  });
}

/**
 * One file's screen: everything about it, its web link for this caller, and
 * what they may do with it (download; for the sysop, describe, move, hide,
 * delete). Returns when the caller goes back or the file is gone.
 */
export async function fileCard(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, start: FileEntry): Promise<void> {
  let file: FileEntry | null = start;
  let fresh = true;
  while (file) {
    const area = library.area(file.area);
    const canDownload = area !== undefined && library.may(user.level, area, 'download') && !file.hidden;
    const sysop = isSysop(user);
    showCard(io, file, area?.title ?? file.area, fresh);
    fresh = false;
    if (canDownload) await showLink(io, deps, file, user);
    const { keys, words } = cardKeys(canDownload, sysop, file);
    const key = (await io.prompt('file_card_ask', { mode: 'key', maxLength: 3, vars: { keys: artMarkup(words) } })).trim().toUpperCase();
    if (key === '' || key === 'Q' || !keys.includes(key)) return;
    if (key === 'D') await sendFiles(io, deps, library, [file]);
    else if (!(await sysopAction(io, deps, library, file, key))) return;
    file = await deps.store.files.get(file.id);
  }
}

async function showLink(io: SessionIO, deps: FlowDeps, file: FileEntry, user: User): Promise<void> {
  const link = await deps.fileLinks?.(file, user.id);
  if (!link) return;
  io.screen('file_card_link', { name: file.name, hours: link.hours });
  // As it is, never fitted to the screen: a link cut at the last column is no link, and terminals copy a wrapped line whole.
  io.print(link.url);
}

/** A sysop's change to a file; false when the file is gone (deleted). */
async function sysopAction(io: SessionIO, deps: FlowDeps, library: FileLibrary, file: FileEntry, key: string): Promise<boolean> {
  switch (key) {
    case 'E':
      await describeFile(io, deps, file, 'file_sysop_describe_intro');
      return true;
    case 'M':
      await moveFile(io, library, file);
      return true;
    case 'H':
      await deps.store.files.setHidden(file.id, !file.hidden);
      io.screen(file.hidden ? 'file_sysop_shown' : 'file_sysop_hidden', { name: file.name });
      return true;
    default:
      if (!(await confirm(io, 'file_sysop_delete_confirm', { name: file.name }))) return true;
      await library.remove(file);
      io.screen('file_sysop_deleted', { name: file.name });
      return false;
  }
}
