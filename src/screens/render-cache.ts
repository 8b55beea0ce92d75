import type { ChalkInstance } from 'chalk';
import type { Terminal } from '../session/events.js';
import type { ArtToken } from './art-tokens.js';
import { isArtMarkup } from './art-markup.js';
import { renderArt, type ArtTemplate, type Vars } from './render.js';
import { isTextBlock } from './text-block.js';

interface Rendered {
  art: ArtTemplate;
  cols: number;
  ansiBbs: boolean;
  encoding: Terminal['encoding'];
  level: number;
  /** The values of the art's variables, in the order of `RenderCache.namesOf`. */
  values: unknown[];
  text: string;
}

/** Screens remembered per caller: the menus they move between, not every screen they ever saw. */
const SCREENS_PER_CALLER = 8;
/** Variables longer than this (a message body) make a screen not worth keeping. */
const MAX_KEPT_CHARS = 2048;

/** A variable's value by name, as the screen would be rendered with it. */
type VarLookup = (name: string) => unknown;

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
  /** Per art, the last rendering any caller was given: callers whose values are the same share its text. */
  private readonly lastDrawn = new Map<string, Rendered>();

  render(caller: object, art: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string {
    return this.renderWith(caller, art, (name) => vars[name], () => vars, term, chalk);
  }

  /**
   * The same, with the variables looked up one by one: a screen shown again
   * is found by comparing the few values its art uses, so the reuse, which is
   * every key press at a menu, builds no key and no merged set of variables.
   * `used` gives the ones the art uses as one object, only when the screen is
   * drawn afresh.
   */
  renderWith(caller: object, art: ArtTemplate, lookup: VarLookup, used: (names: readonly string[]) => Vars, term: Terminal, chalk: ChalkInstance): string {
    const names = this.namesOf(art);
    let mine = this.byCaller.get(caller);
    const seen = mine?.get(art.name);
    if (seen && sameRendering(seen, art, term, chalk, names, lookup)) return seen.text;
    const drawn = this.drawnFor(art, names, lookup, used, term, chalk);
    if (!drawn) return renderArt(art, used(names), term, chalk);
    if (!mine) {
      mine = new Map();
      this.byCaller.set(caller, mine);
    }
    mine.delete(art.name);
    mine.set(art.name, drawn);
    if (mine.size > SCREENS_PER_CALLER) mine.delete(mine.keys().next().value!);
    return drawn.text;
  }

  /**
   * The art drawn with these values: another caller's rendering when it
   * had the same (a menu whose counts changed is drawn anew by every caller
   * at their next key, and a thousand copies of the same text were a
   * thousand long-lived strings), else drawn now. Null for a screen not
   * worth keeping.
   */
  private drawnFor(art: ArtTemplate, names: readonly string[], lookup: VarLookup, used: (names: readonly string[]) => Vars, term: Terminal, chalk: ChalkInstance): Rendered | null {
    const last = this.lastDrawn.get(art.name);
    if (last && sameRendering(last, art, term, chalk, names, lookup)) return last;
    const values = names.map((n) => lookup(n) ?? null);
    if (keptChars(values) > MAX_KEPT_CHARS) return null;
    const text = renderArt(art, used(names), term, chalk);
    // The encoding shapes the text too: user values lose CP437's control glyphs on a CP437 terminal.
    const drawn: Rendered = { art, cols: term.cols, ansiBbs: term.ansiBbs, encoding: term.encoding, level: chalk.level, values, text };
    this.lastDrawn.set(art.name, drawn);
    return drawn;
  }

  private namesOf(art: ArtTemplate): readonly string[] {
    let names = this.varNames.get(art);
    if (!names) {
      names = [...new Set(art.tokens.flatMap((t: ArtToken) => (t.t === 'var' ? [t.name] : [])))];
      this.varNames.set(art, names);
    }
    return names;
  }
}

/** `seen` is what this art, these values and this terminal draw. */
function sameRendering(seen: Rendered, art: ArtTemplate, term: Terminal, chalk: ChalkInstance, names: readonly string[], lookup: VarLookup): boolean {
  return seen.art === art && sameShape(seen, term, chalk) && sameValues(seen.values, names, lookup);
}

function sameShape(seen: Rendered, term: Terminal, chalk: ChalkInstance): boolean {
  return seen.cols === term.cols && seen.ansiBbs === term.ansiBbs && seen.encoding === term.encoding && seen.level === chalk.level;
}

function sameValues(values: readonly unknown[], names: readonly string[], lookup: VarLookup): boolean {
  for (let i = 0; i < names.length; i++) if (!sameValue(values[i], lookup(names[i]!) ?? null)) return false;
  return true;
}

/** Blocks and markup are passed as fresh wrappers each time: they are the same value when their text is. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isTextBlock(a) && isTextBlock(b)) return a.block === b.block;
  return isArtMarkup(a) && isArtMarkup(b) && a.markup === b.markup;
}

function keptChars(values: readonly unknown[]): number {
  let chars = 0;
  for (const v of values) chars += typeof v === 'string' ? v.length : isTextBlock(v) ? v.block.length : 0;
  return chars;
}
