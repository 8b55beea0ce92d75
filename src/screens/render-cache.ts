import type { ChalkInstance } from 'chalk';
import type { Terminal } from '../session/events.js';
import type { ArtToken } from './art-tokens.js';
import { renderArt, type ArtTemplate, type Vars } from './render.js';
import { isTextBlock } from './text-block.js';

interface Rendered {
  art: ArtTemplate;
  key: string;
  text: string;
}

/** Screens remembered per caller: the menus they move between, not every screen they ever saw. */
const SCREENS_PER_CALLER = 8;
/** Variables longer than this (a message body) make a screen not worth a key. */
const MAX_KEYED_CHARS = 2048;

/**
 * The last rendering of each screen a caller was shown, reused while
 * nothing that shapes it has changed: the art itself, the variables the art
 * uses, the caller's width, terminal profile, encoding and colour level. A caller
 * pressing keys at a menu is shown the same menu again and again, and
 * rendering it afresh was most of the garbage each key press made.
 */
export class RenderCache {
  private readonly byCaller = new WeakMap<object, Map<string, Rendered>>();
  private readonly varNames = new WeakMap<ArtTemplate, readonly string[]>();

  render(caller: object, art: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string {
    const key = this.keyFor(art, vars, term, chalk);
    if (key === null) return renderArt(art, vars, term, chalk);
    let mine = this.byCaller.get(caller);
    const seen = mine?.get(art.name);
    if (seen && seen.art === art && seen.key === key) return seen.text;
    const text = renderArt(art, vars, term, chalk);
    if (!mine) {
      mine = new Map();
      this.byCaller.set(caller, mine);
    }
    mine.delete(art.name);
    mine.set(art.name, { art, key, text });
    if (mine.size > SCREENS_PER_CALLER) mine.delete(mine.keys().next().value!);
    return text;
  }

  private keyFor(art: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string | null {
    let names = this.varNames.get(art);
    if (!names) {
      names = [...new Set(art.tokens.flatMap((t: ArtToken) => (t.t === 'var' ? [t.name] : [])))];
      this.varNames.set(art, names);
    }
    const values = names.map((n) => vars[n] ?? null);
    let chars = 0;
    for (const v of values) chars += typeof v === 'string' ? v.length : isTextBlock(v) ? v.block.length : 0;
    if (chars > MAX_KEYED_CHARS) return null;
    // The encoding shapes the text too: user values lose CP437's control glyphs on a CP437 terminal.
    return JSON.stringify([term.cols, term.ansiBbs, term.encoding, chalk.level, values]);
  }
}
