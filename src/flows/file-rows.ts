import { formatBytes } from '../files/file-library.js';
import { wallClock, zoneOf } from '../screens/zone-clock.js';
import type { SessionIO } from '../session/io.js';
import type { FileEntry } from '../store/types.js';
import { textBlock } from '../screens/text-block.js';

/** Lines of a description shown under a file in a list; the file's own screen shows all of it. */
const SUMMARY_LINES = 2;

/** The day a file was added, in the caller's zone. */
export function fileDate(io: SessionIO, file: FileEntry): string {
  return wallClock(file.uploadedAt, zoneOf(io.session)).date;
}

/** Who added it, as the list shows it. */
export function uploaderOf(file: FileEntry): string {
  return file.uploaderName ?? (file.uploaderId === null ? 'sysop' : 'gone');
}

/** One file in a list: its row, and the first lines of its description under it. */
export function fileRow(io: SessionIO, file: FileEntry, num: number): string {
  const lines = file.description.split('\n').filter((l) => l.trim() !== '').slice(0, SUMMARY_LINES);
  const summary = lines.length === 0 ? textBlock('') : textBlock(lines.map((l) => `     ${l}`).join('\n'));
  return io.render('file_list_row', {
    num,
    name: file.name,
    size: formatBytes(file.size),
    date: fileDate(io, file),
    by: uploaderOf(file),
    downloads: file.downloads,
    flag: file.hidden ? ' hidden' : '',
    summary,
  });
}

/** What the caller may do in an area, in a few words. */
export function accessWords(can: { download: boolean; upload: boolean }): string {
  if (can.upload) return 'upload';
  return can.download ? 'download' : 'list only';
}

/** Rows of a listing that fit the caller's screen, each file taking its row and up to two lines of description. */
export function filesPerPage(io: SessionIO): number {
  const rows = io.session.terminal.rows || 24;
  return Math.max(3, Math.floor((rows - 4) / (1 + SUMMARY_LINES)));
}
