import { chmod, link, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DropFileKind } from '../config/door-settings.js';
import type { DropInfo } from './drop-info.js';
import { dropFileText } from './drop-files.js';

/** Each drop file under the name DOS boards gave it. */
const DROP_FILE_NAMES: Readonly<Record<DropFileKind, string>> = {
  'door.sys': 'DOOR.SYS',
  'door32.sys': 'DOOR32.SYS',
  'dorinfo1.def': 'DORINFO1.DEF',
  'chain.txt': 'CHAIN.TXT',
};

/** A door's private folder of drop files, for one call. */
export interface DropFolder {
  path: string;
  /** The path of each file written, by kind; only the kinds asked for. */
  files: Partial<Record<DropFileKind, string>>;
  /** Delete the folder and all in it (a door may have added files). Safe to call twice; never throws. */
  remove(): Promise<void>;
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    // Nothing left to do for a folder that will not go: tmp cleaning gets it, and a hang-up path must not fail over it.
  }
}

/**
 * Make a folder only the board's user can enter (0700; files 0600: a drop
 * file names the caller and their node) and write the asked drop files in
 * it. Unless `info.folder` says how the door sees it (a DOS path), the
 * files' path lines name this folder. A failure part-way removes the folder.
 */
export async function writeDropFolder(kinds: readonly DropFileKind[], info: DropInfo, parent = tmpdir()): Promise<DropFolder> {
  const path = await mkdtemp(join(parent, 'bbs-door-'));
  let removal: Promise<void> | undefined;
  const remove = (): Promise<void> => (removal ??= removeQuietly(path));
  try {
    await chmod(path, 0o700);
    const seen = { ...info, folder: info.folder ?? path };
    const files: Partial<Record<DropFileKind, string>> = {};
    for (const kind of new Set(kinds)) {
      const file = join(path, DROP_FILE_NAMES[kind]);
      await writeFile(file, dropFileText(kind, seen), { encoding: 'ascii', mode: 0o600, flag: 'wx' });
      // The Door32 spec names the file in lower case on a case-sensitive system; doors written to it look for that name.
      if (kind === 'door32.sys') await link(file, join(path, 'door32.sys'));
      files[kind] = file;
    }
    return { path, files, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
