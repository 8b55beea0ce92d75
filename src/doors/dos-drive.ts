import { basename } from 'node:path';
import type { DropFileKind } from '../config/door-settings.js';
import type { DropFolder } from './drop-folder.js';
import type { DropInfo } from './drop-info.js';

/**
 * How a DOS door under DOSBox sees its call. C: is the door's own folder,
 * shared by every call, so its score files and player records stay between
 * calls; this call's drop files are in a private folder mounted as D: (see
 * dosbox-config.ts), so two callers never read each other's DOOR.SYS. A door
 * is told where they are the way DOS boards told it: their DOS paths in
 * `{dropDir}`, `{doorSys}` ... on its command line, and the caller on COM1.
 */

/** The drop folder as DOS names it: the root of the drive DOSBox mounts it on. */
const DOS_DROP_FOLDER = 'D:\\';

/** DOSBox wires the caller to COM1. */
const DOS_COMM_PORT = 1;

/** The call's facts for a DOS door's drop files: the caller on COM1, path lines naming D:. */
export function dosDropInfo(info: DropInfo): DropInfo {
  return { ...info, commPort: DOS_COMM_PORT, folder: DOS_DROP_FOLDER };
}

/** The drop folder with DOS paths in place of the host's, for a DOS door's `{variables}`. */
export function dosDropFolder(folder: Pick<DropFolder, 'files'>): Pick<DropFolder, 'path' | 'files'> {
  const files: Partial<Record<DropFileKind, string>> = {};
  for (const [kind, path] of Object.entries(folder.files) as [DropFileKind, string][]) files[kind] = DOS_DROP_FOLDER + basename(path);
  return { path: DOS_DROP_FOLDER, files };
}
