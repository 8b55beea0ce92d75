import { createRequire } from 'node:module';
import type figletModule from 'figlet';
import { isCp437Encodable } from './cp437.js';
import { textWidth } from './text-width.js';

/** The board's name drawn for one caller's terminal. */
export interface Banner {
  /** The widest drawing that fits `cols` columns, in glyphs the caller's charset has. */
  forTerminal(cols: number, cp437: boolean): string;
}

/** Narrower and narrower plain fonts, tried after the sysop's choice. */
const FALLBACK_FONTS = ['Standard', 'Small', 'Mini'];

interface Drawing {
  art: string;
  width: number;
  cp437: boolean;
}

/**
 * The board's name as a figlet banner from figlet's bundled fonts (offline).
 * Each caller gets the first font of the chain (the configured one, then
 * narrower plain ones) whose drawing fits their terminal with a column to
 * spare, so a wide terminal shows the sysop's font and a 40-column one a
 * small font rather than half a wide one; a terminal narrower than every
 * font gets the name as plain text. Fonts are drawn once, the first time
 * they are needed.
 */
export function makeBanner(text: string, font: string): Banner {
  const fonts = [font, ...FALLBACK_FONTS.filter((f) => f !== font)];
  const drawings: Array<Drawing | null | undefined> = fonts.map(() => undefined);
  const drawing = (i: number): Drawing | null => {
    let d = drawings[i];
    if (d === undefined) {
      const art = render(text, fonts[i]!);
      d = art === null ? null : { art, width: Math.max(...art.split('\n').map(textWidth)), cp437: isCp437Encodable(art) };
      drawings[i] = d;
    }
    return d;
  };
  const chosen = new Map<string, string>();
  return {
    forTerminal(cols, cp437) {
      const key = `${cols}:${cp437 ? 1 : 0}`;
      let art = chosen.get(key);
      if (art === undefined) {
        art = pick(fonts.length, drawing, cols - 1, cp437) ?? plain(text, cols - 1);
        chosen.set(key, art);
      }
      return art;
    },
  };
}

function pick(count: number, drawing: (i: number) => Drawing | null, room: number, cp437: boolean): string | null {
  for (let i = 0; i < count; i++) {
    const d = drawing(i);
    if (d && d.width <= room && (!cp437 || d.cp437)) return d.art;
  }
  return null;
}

/** The name itself, cut only when not even that fits. */
function plain(text: string, room: number): string {
  return [...text].slice(0, Math.max(1, room)).join('');
}

/** Loaded with the first banner drawn (the board's first caller), not at start: an idle board holds none of it. */
let figlet: typeof figletModule | null = null;

function render(text: string, font: string): string | null {
  try {
    figlet ??= createRequire(import.meta.url)('figlet') as typeof figletModule;
    return figlet
      .textSync(text, { font })
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .join('\n')
      .replace(/\n+$/, '');
  } catch {
    return null;
  }
}
