import type { FileLibrary } from '../files/file-library.js';
import { formatBytes } from '../files/file-library.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry, User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { plural } from './format.js';
import { fileRow } from './file-rows.js';
import { openPicked } from './file-search.js';
import { Pager } from './pager.js';

/** Files shown in one scan at most: a board that got a thousand overnight lists the first hundred. */
const MAX_NEW = 100;
/** Without a previous call to go by (a re-seated call), a week is "new". */
const FALLBACK_MS = 7 * 24 * 3600_000;

/**
 * Files added since the caller's last call, in every area they may see,
 * oldest first; pick one by number to see it. `quietWhenNone`: after the
 * message new-scan, say nothing when there is nothing.
 */
export async function newFilesScan(io: SessionIO, deps: FlowDeps, user: User, quietWhenNone = false): Promise<void> {
  const library = deps.files;
  if (!library) return;
  const areas = library.areas(user.level).map((a) => a.name);
  if (areas.length === 0) return;
  const previous = io.session.previousCallAt;
  const since = previous ?? new Date(io.now().getTime() - FALLBACK_MS);
  const sinceWords = previous ? 'since your last call' : 'this week';
  const files = await deps.store.files.since(since, areas, MAX_NEW);
  if (files.length === 0) {
    if (!quietWhenNone) io.screen('file_new_none', { since: sinceWords });
    return;
  }
  io.enter('files', 'looking at new files');
  const total = formatBytes(files.reduce((n, f) => n + f.size, 0));
  const pager = new Pager(io);
  const shown = await pager.write([io.render('file_new_header', { count: `${plural(files.length, 'file')}, ${total},`, since: sinceWords }), ...files.map((f, i) => fileRow(io, f, i + 1))].join('\n'));
  if (!shown) return;
  await pickFromNew(io, deps, library, user, files);
}

async function pickFromNew(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, files: FileEntry[]): Promise<void> {
  for (;;) {
    const answer = (await io.prompt('file_new_ask', { maxLength: 4 })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (await openPicked(io, deps, library, user, answer, files)) return;
  }
}
