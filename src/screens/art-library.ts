import { readdir, readFile } from 'node:fs/promises';
import { join, extname, basename } from 'node:path';
import { decodeCp437Art } from './cp437.js';
import { splitSauce } from './sauce.js';
import { tokenizeArt } from './art-tokens.js';
import type { ArtTemplate } from './render.js';

/** The largest art file accepted; a screen bigger than this is a mistake or an attack. */
const MAX_ART_BYTES = 256 * 1024;

export class MissingArtError extends Error {}

/**
 * Every screen of the board, loaded once at start from theme folders: the
 * sysop's override folders first, the default theme last, so a sysop can
 * re-skin any screen by dropping a file with the same name in their folder.
 * `.ans` files are CP437 with optional SAUCE; `.txt` files are UTF-8.
 */
export class ArtLibrary {
  private constructor(private readonly screens: ReadonlyMap<string, ArtTemplate>) {}

  static async load(folders: readonly string[], required: readonly string[] = []): Promise<ArtLibrary> {
    const screens = new Map<string, ArtTemplate>();
    // Lowest priority first, so later folders overwrite.
    for (const folder of [...folders].reverse()) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const ordered = names.filter((n) => /\.(txt|ans)$/i.test(n)).sort(byExtension);
      for (const file of ordered) {
        const bytes = await readFile(join(folder, file));
        if (bytes.length > MAX_ART_BYTES) throw new Error(`art file ${join(folder, file)} is over ${MAX_ART_BYTES} bytes`);
        const name = basename(file, extname(file)).toLowerCase();
        screens.set(name, parseArt(name, bytes, extname(file).toLowerCase() === '.ans'));
      }
    }
    const missing = required.filter((n) => !screens.has(n));
    if (missing.length) throw new MissingArtError(`missing art for screens: ${missing.join(', ')} (looked in ${folders.join(', ')})`);
    return new ArtLibrary(screens);
  }

  static fromSources(sources: Record<string, string>): ArtLibrary {
    const screens = new Map<string, ArtTemplate>();
    for (const [name, src] of Object.entries(sources)) screens.set(name, { name, tokens: tokenizeArt(src), drawnWidth: null });
    return new ArtLibrary(screens);
  }

  get(name: string): ArtTemplate {
    const tpl = this.screens.get(name);
    if (!tpl) throw new MissingArtError(`no art named ${name}`);
    return tpl;
  }

  has(name: string): boolean {
    return this.screens.has(name);
  }

  names(): string[] {
    return [...this.screens.keys()].sort();
  }
}

/** `.txt` before `.ans`, so an `.ans` of the same name in the same folder wins. */
function byExtension(a: string, b: string): number {
  return Number(/\.ans$/i.test(a)) - Number(/\.ans$/i.test(b)) || a.localeCompare(b);
}

export function parseArt(name: string, bytes: Uint8Array, cp437: boolean): ArtTemplate {
  if (!cp437) return { name, tokens: tokenizeArt(new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '')), drawnWidth: null };
  const { art, sauce } = splitSauce(bytes);
  return { name, tokens: tokenizeArt(decodeCp437Art(art)), drawnWidth: sauce?.width ?? 80 };
}
