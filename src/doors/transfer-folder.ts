import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder an upload arrives in, as the board looks at it: only plain
 * files count, read with lstat so a symbolic link is never followed, and
 * anything else in it is nobody's upload.
 */

interface ArrivedFile {
  name: string;
  path: string;
  size: number;
}

/** The plain files at the top of `folder`, by name; [] when it cannot be read. */
export function plainFiles(folder: string): ArrivedFile[] {
  const found: ArrivedFile[] = [];
  for (const name of entries(folder)) {
    const full = path.join(folder, name);
    try {
      const st = lstatSync(full);
      if (st.isFile()) found.push({ name, path: full, size: st.size });
    } catch {
      // Gone while we looked.
    }
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Bytes in the plain files at the top of `folder`: what an upload has written so far. */
export function folderBytes(folder: string): number {
  return plainFiles(folder).reduce((sum, f) => sum + f.size, 0);
}

/** Removes everything in `folder` (a link is removed, never its target); the folder itself stays. */
export function emptyFolder(folder: string): void {
  for (const name of entries(folder)) {
    try {
      rmSync(path.join(folder, name), { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove: the next entry still goes.
    }
  }
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
