import type { FileAreaDefinition } from '../config/file-areas.js';
import { formatBytes, type FileLibrary } from '../files/file-library.js';
import type { SessionIO } from '../session/io.js';
import type { User } from '../store/types.js';
import type { FlowDeps } from './deps.js';
import { browseArea } from './file-list.js';
import { newFilesScan } from './file-new-scan.js';
import { accessWords } from './file-rows.js';
import { searchFiles } from './file-search.js';
import { pickNumber } from './menu-input.js';
import { Pager } from './pager.js';

async function drawAreas(io: SessionIO, deps: FlowDeps, library: FileLibrary, user: User, areas: FileAreaDefinition[]): Promise<void> {
  const totals = await deps.store.files.totals(areas.map((a) => a.name));
  const rows = areas.map((area, i) => {
    const t = totals.get(area.name) ?? { files: 0, bytes: 0 };
    const access = accessWords({ download: library.may(user.level, area, 'download'), upload: library.may(user.level, area, 'upload') });
    return io.render('file_area_row', { num: i + 1, title: area.title, files: t.files, size: formatBytes(t.bytes), access, description: area.description });
  });
  await new Pager(io).write([io.render('file_areas_header'), ...rows].join('\n'));
}

/** The file areas menu (F): the areas the caller may see with what they hold; an area by number, S to search, N for new files. */
export async function fileAreas(io: SessionIO, deps: FlowDeps, user: User): Promise<void> {
  const library = deps.files;
  let draw = true;
  for (;;) {
    const areas = library?.areas(user.level) ?? [];
    if (!library || areas.length === 0) {
      io.screen('file_areas_none');
      return;
    }
    io.enter('files', 'in the file areas');
    if (draw) await drawAreas(io, deps, library, user, areas);
    draw = true;
    const answer = (await io.prompt('file_areas_ask', { maxLength: 4 })).trim().toUpperCase();
    if (answer === '' || answer === 'Q') return;
    if (answer === 'S') await searchFiles(io, deps, library, user);
    else if (answer === 'N') await newFilesScan(io, deps, user);
    else {
      const n = pickNumber(answer, areas.length);
      draw = n !== null;
      if (n === null) io.screen('file_bad_choice', { choice: answer });
      else await browseArea(io, deps, library, user, areas[n - 1]!);
    }
  }
}

/** The sysop's files (sysop menu F): pick an area, then its files with hidden ones, each with describe, move, hide and delete. */
export async function sysopFiles(io: SessionIO, deps: FlowDeps, sysop: User): Promise<void> {
  const library = deps.files;
  const areas = library?.areas() ?? [];
  if (!library || areas.length === 0) {
    io.screen('file_areas_none');
    return;
  }
  io.enter('sysop', 'managing files');
  await drawAreas(io, deps, library, sysop, areas);
  const answer = (await io.prompt('file_sysop_area_ask', { maxLength: 4 })).trim();
  const n = pickNumber(answer, areas.length);
  if (n !== null) await browseArea(io, deps, library, sysop, areas[n - 1]!, true);
}
