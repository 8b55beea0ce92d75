import { fileNameProblem } from '../../../files/file-names.js';

/**
 * The SFTP tree a caller sees, as paths only: `/`, one folder per area they
 * may list, the area's files, and `upload/` in areas they may add to. No
 * path a client sends ever reaches the disk as it was sent: it is taken apart
 * here into an area name and a file name that the store and FileLibrary then
 * look up, so `..`, absolute host paths and odd bytes can only be refused.
 */

/** The folder inside an area that takes uploads. */
export const UPLOAD_FOLDER = 'upload';

/** What the account may do in one area it may list. */
export interface AreaRights {
  download: boolean;
  upload: boolean;
}

/** The areas an account may list, by name, with its rights in each. */
export type SftpView = ReadonlyMap<string, AreaRights>;

export type SftpPath =
  | { kind: 'root' }
  | { kind: 'area'; area: string }
  | { kind: 'file'; area: string; name: string }
  | { kind: 'upload'; area: string }
  | { kind: 'upload-file'; area: string; name: string };

/** How a refusal is told: the SFTP status it maps to, and words for the caller. */
export type PathRefusal = { ok: false; status: 'no-such-file' | 'permission-denied' | 'failure'; message: string };
type Resolved = { ok: true; path: SftpPath } | PathRefusal;

/** Longer than any path the tree has: refused before it is split. */
const MAX_PATH_CHARS = 1024;
/** Controls, NUL, backslash, and the replacement character a broken UTF-8 sequence decodes to. */
const FORBIDDEN = /[\x00-\x1f\x7f-\x9f\\\ufffd]/u;

const refuse = (status: PathRefusal['status'], message: string): PathRefusal => ({ ok: false, status, message });

/**
 * A client's path, relative ones taken from `/` (the only home there is),
 * as a place in the tree, or why not. `.` and repeated slashes are dropped;
 * `..` is refused anywhere, never resolved, so no spelling climbs out.
 */
export function resolveSftpPath(raw: string, view: SftpView): Resolved {
  if (raw.length > MAX_PATH_CHARS) return refuse('failure', 'the path is too long');
  if (FORBIDDEN.test(raw)) return refuse('permission-denied', 'the path holds control characters or a backslash');
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return refuse('permission-denied', "'..' is not allowed: paths start at the list of file areas");
  const [area, second, third, ...deeper] = parts;
  if (area === undefined) return { ok: true, path: { kind: 'root' } };
  const rights = view.get(area);
  if (!rights) return refuse('no-such-file', `there is no file area called ${area}`);
  if (second === undefined) return { ok: true, path: { kind: 'area', area } };
  if (second === UPLOAD_FOLDER && rights.upload) {
    if (third === undefined) return { ok: true, path: { kind: 'upload', area } };
    if (deeper.length > 0) return refuse('no-such-file', 'there are no folders inside upload/');
    const problem = fileNameProblem(third);
    if (problem) return refuse('permission-denied', `${third} cannot be a file name here: ${problem}`);
    return { ok: true, path: { kind: 'upload-file', area, name: third } };
  }
  if (third !== undefined) return refuse('no-such-file', `there are no folders inside ${area}`);
  // A name no upload could have been given is no file of the area's either.
  if (fileNameProblem(second) !== null) return refuse('no-such-file', `no file called ${second} in ${area}`);
  return { ok: true, path: { kind: 'file', area, name: second } };
}

/** The path as the tree spells it: what REALPATH answers. */
export function pathText(path: SftpPath): string {
  switch (path.kind) {
    case 'root':
      return '/';
    case 'area':
      return `/${path.area}`;
    case 'file':
      return `/${path.area}/${path.name}`;
    case 'upload':
      return `/${path.area}/${UPLOAD_FOLDER}`;
    case 'upload-file':
      return `/${path.area}/${UPLOAD_FOLDER}/${path.name}`;
  }
}
