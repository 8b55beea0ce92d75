import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, extname, basename } from 'node:path';
import { decodeCp437Art } from './cp437.js';
import { splitSauce } from './sauce.js';
import { tokenizeArt } from './art-tokens.js';
import type { ArtTemplate } from './render.js';

/** The largest art file accepted; a screen bigger than this is a mistake or an attack. */
const MAX_ART_BYTES = 256 * 1024;

class MissingArtError extends Error {}

/** The suffix of a screen's variant for narrow terminals: `menu.narrow.txt` beside `menu.txt`. */
export const NARROW = '.narrow';

/** A screen's file as read at start, parsed the first time it is shown. */
interface Unparsed {
  bytes: Uint8Array;
  cp437: boolean;
}

/**
 * Every screen of the board, loaded once at start from theme folders: the
 * sysop's override folders first, the default theme last, so a sysop can
 * re-skin any screen by dropping a file with the same name in their folder.
 * `.ans` files are CP437 with optional SAUCE; `.txt` files are UTF-8.
 * Files are read (and checked) at start but parsed on first use and kept
 * parsed from then on: most of ~200 screens are rarely or never shown, and
 * their tokens cost several times their bytes.
 */
export class ArtLibrary {
  private constructor(private readonly screens: Map<string, ArtTemplate | Unparsed>) {}

  static async load(folders: readonly string[], required: readonly string[] = []): Promise<ArtLibrary> {
    const screens = new Map<string, ArtTemplate | Unparsed>();
    // Lowest priority first, so later folders overwrite.
    for (const folder of [...folders].reverse()) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const art = names.filter((n) => /\.(txt|ans)$/i.test(n));
      try {
        loadFolder(folder, art, screens, twoForOneScreen(art) ? byCollation : byExtension);
      } catch {
        // Which bad file is named first follows the collated order, as it always has.
        loadFolder(folder, art, screens, byCollation);
      }
      dropStaleNarrowVariants(art.map(screenName), screens);
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
    const entry = this.screens.get(name);
    if (!entry) throw new MissingArtError(`no art named ${name}`);
    if ('tokens' in entry) return entry;
    const tpl = parseArt(name, entry.bytes, entry.cp437);
    this.screens.set(name, tpl);
    return tpl;
  }

  has(name: string): boolean {
    return this.screens.has(name);
  }

  names(): string[] {
    return [...this.screens.keys()].sort();
  }
}

/**
 * Later files overwrite earlier ones of the same screen name. Read one after
 * another without yielding: this runs while the board starts, before anyone
 * can call, and a few hundred small reads cost far less memory and time this
 * way than as a few hundred promises.
 */
function loadFolder(folder: string, files: string[], screens: Map<string, ArtTemplate | Unparsed>, order: (a: string, b: string) => number): void {
  for (const file of [...files].sort(order)) {
    const bytes = readFileSync(join(folder, file));
    if (bytes.length > MAX_ART_BYTES) throw new Error(`art file ${join(folder, file)} is over ${MAX_ART_BYTES} bytes`);
    screens.set(screenName(file), { bytes, cp437: isAns(file) });
  }
}

/**
 * A folder that redraws a screen without its narrow variant takes the
 * variant from the folders below away too: narrow callers then get the new
 * screen, cropped, rather than a narrow copy of the one it replaced.
 */
function dropStaleNarrowVariants(provided: readonly string[], screens: Map<string, unknown>): void {
  const here = new Set(provided);
  for (const name of here) if (!name.endsWith(NARROW) && !here.has(name + NARROW)) screens.delete(name + NARROW);
}

function screenName(file: string): string {
  return basename(file, extname(file)).toLowerCase();
}

function isAns(file: string): boolean {
  return /\.ans$/i.test(file);
}

/**
 * `.txt` before `.ans`, so an `.ans` of the same name in the same folder
 * wins; otherwise by name. The order matters only between files for the
 * same screen, so names compare as plain code units...
 */
function byExtension(a: string, b: string): number {
  return Number(isAns(a)) - Number(isAns(b)) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * ...unless two files of one kind are for the same screen ("Menu.txt" and
 * "menu.TXT"): then the locale's collation decides, as it always has. It is
 * kept for that case alone because its tables cost megabytes of memory.
 */
function byCollation(a: string, b: string): number {
  return Number(isAns(a)) - Number(isAns(b)) || a.localeCompare(b);
}

function twoForOneScreen(files: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const file of files) {
    const key = `${isAns(file) ? 'ans' : 'txt'}:${screenName(file)}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

export function parseArt(name: string, bytes: Uint8Array, cp437: boolean): ArtTemplate {
  if (!cp437) return { name, tokens: tokenizeArt(new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '')), drawnWidth: null };
  const { art, sauce } = splitSauce(bytes);
  return { name, tokens: tokenizeArt(decodeCp437Art(art)), drawnWidth: sauce?.width ?? 80 };
}
