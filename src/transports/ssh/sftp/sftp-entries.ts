import type { Attributes } from 'ssh2';

/**
 * How the tree's folders and files look to an SFTP client: attributes and
 * the `ls -l` line OpenSSH prints. Files are read-only to everybody, folders
 * can be entered but not changed, and `upload/` is the one folder a caller
 * may write into. Nothing here reads the disk: sizes and times are the
 * store's.
 */

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
export const FILE_MODE = S_IFREG | 0o444;
export const FOLDER_MODE = S_IFDIR | 0o555;
export const UPLOAD_FOLDER_MODE = S_IFDIR | 0o755;

export interface Entry {
  filename: string;
  longname: string;
  attrs: Attributes;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** ls shows the time of day for the last half year, the year before that. */
const HALF_YEAR_MS = 182 * 24 * 3600_000;

export function attrsOf(mode: number, size: number, at: Date): Attributes {
  const seconds = Math.floor(at.getTime() / 1000);
  return { mode, uid: 0, gid: 0, size, atime: seconds, mtime: seconds };
}

function permissions(mode: number): string {
  const bits = ['r', 'w', 'x'];
  let text = mode & S_IFDIR ? 'd' : '-';
  for (let i = 8; i >= 0; i--) text += mode & (1 << i) ? bits[(8 - i) % 3] : '-';
  return text;
}

function when(at: Date, now: Date): string {
  const day = `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, ' ')}`;
  const recent = Math.abs(now.getTime() - at.getTime()) < HALF_YEAR_MS;
  return recent ? `${day} ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}` : `${day}  ${at.getUTCFullYear()}`;
}

/** An owner column that cannot break the line: the uploader's name, made of safe characters and cut to ls's width. */
function owner(name: string | null): string {
  const safe = (name ?? 'sysop').replace(/[^\w.-]/g, '_').slice(0, 8);
  return safe.padEnd(8, ' ');
}

/** One line of a folder listing, as `ls -l` spells it. */
export function entryOf(name: string, attrs: Attributes, uploader: string | null, now: Date): Entry {
  const at = new Date(attrs.mtime * 1000);
  const longname = `${permissions(attrs.mode)}    1 ${owner(uploader)} ${owner(null)} ${String(attrs.size).padStart(10, ' ')} ${when(at, now)} ${name}`;
  return { filename: name, longname, attrs };
}
