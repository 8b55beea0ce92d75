import type { FileLibrary } from '../files/file-library.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry } from '../store/types.js';

/** The sysop moves a file to another area, named by its short name. */
export async function moveFile(io: SessionIO, library: FileLibrary, file: FileEntry): Promise<void> {
  const others = library.areas().filter((a) => a.name !== file.area);
  if (others.length === 0) {
    io.screen('file_sysop_move_failed', { why: 'there is no other area' });
    return;
  }
  const answer = (await io.prompt('file_sysop_move_ask', { maxLength: 30, vars: { name: file.name, areas: others.map((a) => a.name).join(', ') } })).trim().toLowerCase();
  if (answer === '') return;
  const to = others.find((a) => a.name === answer);
  if (!to) {
    io.screen('file_sysop_move_failed', { why: `there is no area '${answer}'` });
    return;
  }
  try {
    const name = await library.move(file, to);
    io.screen('file_sysop_moved', { area: to.title, name });
  } catch (err) {
    io.screen('file_sysop_move_failed', { why: (err as Error).message });
  }
}
