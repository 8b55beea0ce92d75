import figlet from 'figlet';
import { isCp437Encodable } from './cp437.js';
import { textWidth } from './text-width.js';

export interface Banner {
  /** For UTF-8 terminals. */
  utf8: string;
  /** For CP437 terminals: only glyphs CP437 has. */
  cp437: string;
}

const FALLBACK_FONTS = ['Standard', 'Small', 'Mini'];
const MAX_WIDTH = 79;

/**
 * The board's name as a figlet banner, made once at start from figlet's
 * bundled fonts (offline). A font too wide for 80 columns, or one that
 * needs characters CP437 lacks, falls back to narrower plain fonts.
 */
export function makeBanner(text: string, font: string): Banner {
  const fonts = [font, ...FALLBACK_FONTS.filter((f) => f !== font)];
  const fits = (art: string): boolean => art.split('\n').every((l) => textWidth(l) <= MAX_WIDTH);
  let utf8: string | null = null;
  let cp437: string | null = null;
  for (const f of fonts) {
    const art = render(text, f);
    if (art === null || !fits(art)) continue;
    utf8 ??= art;
    if (isCp437Encodable(art)) cp437 ??= art;
    if (utf8 && cp437) break;
  }
  const plain = text.slice(0, MAX_WIDTH);
  return { utf8: utf8 ?? plain, cp437: cp437 ?? plain };
}

export function knownFont(font: string): boolean {
  return figlet.fontsSync().includes(font);
}

function render(text: string, font: string): string | null {
  try {
    return figlet
      .textSync(text, { font: font as figlet.Fonts })
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .join('\n')
      .replace(/\n+$/, '');
  } catch {
    return null;
  }
}
