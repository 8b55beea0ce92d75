import type { SessionIO } from '../session/io.js';
import type { FileEntry } from '../store/types.js';
import type { FlowDeps } from './deps.js';

/** Lines and columns of a description, as a FILE_ID.DIZ has them. */
const DESCRIPTION_LINES = 10;
const DESCRIPTION_COLUMNS = 80;

/**
 * Ask for a file's description a line at a time (an empty line ends) and
 * keep it. A lone `.` first keeps what there was. True when it changed.
 */
export async function describeFile(io: SessionIO, deps: FlowDeps, file: FileEntry, intro: 'file_describe_intro' | 'file_sysop_describe_intro'): Promise<boolean> {
  io.screen(intro, { name: file.name, lines: DESCRIPTION_LINES });
  const lines: string[] = [];
  while (lines.length < DESCRIPTION_LINES) {
    const line = (await io.prompt('file_describe_line', { maxLength: DESCRIPTION_COLUMNS, vars: { num: lines.length + 1 } })).trimEnd();
    if (line.trim() === '') break;
    if (line.trim() === '.' && lines.length === 0) return false;
    lines.push(line);
  }
  if (lines.length === 0) return false;
  await deps.store.files.describe(file.id, lines.join('\n'));
  io.screen('file_described');
  return true;
}
