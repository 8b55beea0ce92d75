import type { ScreenRenderer, Vars } from '../session/io.js';
import type { Session } from '../session/session.js';
import { NARROW, type ArtLibrary } from './art-library.js';
import { isArtMarkup, spliceMarkup } from './art-markup.js';
import { tokenizeArt } from './art-tokens.js';
import type { Banner } from './banner.js';
import { RenderCache } from './render-cache.js';
import { renderArt, widestRow, type ArtTemplate } from './render.js';
import { textBlock } from './text-block.js';
import { screenSize, viaName } from './transport-names.js';
import { wallClock, zoneOf } from './zone-clock.js';

interface BoardFacts {
  board: string;
  sysop: string;
  /** The banner, or how to make it: then it is made once, for the first screen that is drawn. */
  banner: Banner | (() => Banner);
}

/** The variables every screen may use: the board, the caller, their terminal and their clock. */
const BOARD_VARS = ['board', 'sysop', 'banner', 'user', 'level', 'node', 'line', 'transport', 'screen', 'cols', 'charset', 'rows', 'date', 'time', 'zone'] as const;
type BoardVar = (typeof BOARD_VARS)[number];
const BOARD_VAR_NAMES: ReadonlySet<string> = new Set(BOARD_VARS);
const isBoardVar = (name: string): name is BoardVar => BOARD_VAR_NAMES.has(name);

/** Whether a flow passed the sysop's markup (the MOTD), which is spliced into the art rather than kept. */
function holdsMarkup(vars: Vars): boolean {
  for (const name in vars) if (isArtMarkup(vars[name])) return true;
  return false;
}

/** Whose screens the render cache keeps for every caller who has not logged in. */
const ANONYMOUS = Object.freeze({ caller: 'not logged in' });

/**
 * The board's screens for callers: art from the library, with variables that
 * every screen may use (board, user, node, date ...) merged under the ones a
 * flow passes.
 */
export class Screens implements ScreenRenderer {
  private readonly inlineCache = new Map<string, ArtTemplate>();
  private readonly rendered = new RenderCache();
  private readonly widths = new WeakMap<ArtTemplate, number>();
  private banner: Banner | (() => Banner);

  constructor(
    private readonly art: ArtLibrary,
    private readonly facts: BoardFacts,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.banner = facts.banner;
  }

  render(name: string, vars: Vars, session: Session): string {
    return this.renderTemplate(this.forWidth(name, session.terminal.cols), vars, session);
  }

  /**
   * A screen's narrow variant (`NAME.narrow`), when the theme has one and the
   * caller's terminal is narrower than the screen's widest row: a phone or a
   * 40-column machine gets a menu laid out for it instead of a cropped one.
   */
  private forWidth(name: string, cols: number): ArtTemplate {
    const art = this.art.get(name);
    // Width first: it is cached, so the usual caller (wide enough) builds no variant name on this per-screen path.
    if (cols >= this.widthOf(art)) return art;
    const narrow = `${name}${NARROW}`;
    return this.art.has(narrow) ? this.art.get(narrow) : art;
  }

  private widthOf(art: ArtTemplate): number {
    let width = this.widths.get(art);
    if (width === undefined) {
      width = widestRow(art);
      this.widths.set(art, width);
    }
    return width;
  }

  /** A prompt's pchar and other one-line markup; the common ones are kept parsed and, per caller, rendered. */
  renderInline(markup: string, vars: Vars, session: Session): string {
    let art = this.inlineCache.get(markup);
    if (!art) {
      art = { name: `inline:${markup}`, tokens: tokenizeArt(markup), drawnWidth: null };
      if (this.inlineCache.size >= 256) return renderArt(art, this.varsFor(vars, session), session.terminal, session.chalk);
      this.inlineCache.set(markup, art);
    }
    return this.renderTemplate(art, vars, session);
  }

  private renderTemplate(art: ArtTemplate, vars: Vars, session: Session): string {
    // The sysop's markup (the MOTD) is placed as art; such screens are seldom and not kept.
    if (holdsMarkup(vars)) {
      const all = this.varsFor(vars, session);
      return renderArt(spliceMarkup(art, all) ?? art, all, session.terminal, session.chalk);
    }
    // A menu shown again is found by the few values its art uses, looked up
    // one by one: the whole set of variables is built only to draw it afresh.
    // Callers who are in keep coming back to their menus; those who have not
    // logged in share one set of screens (the banner, the name prompt), so
    // each new caller reuses the last one's and thousands waiting at the name
    // prompt hold one copy of it.
    return this.rendered.renderWith(
      session.user ? session : ANONYMOUS,
      art,
      (name) => this.varOf(name, vars, session),
      (names) => this.usedVarsFor(names, vars, session),
      session.terminal,
      session.chalk,
    );
  }

  /** One of the variables every screen may use, made only when asked for. */
  private boardVar(name: BoardVar, session: Session, at?: Date): unknown {
    const term = session.terminal;
    switch (name) {
      case 'board':
      case 'sysop':
        return this.facts[name];
      case 'banner':
        if (typeof this.banner === 'function') this.banner = this.banner();
        return textBlock(this.banner.forTerminal(term.cols, term.encoding === 'cp437'));
      case 'user':
        return session.user?.name ?? 'guest';
      case 'level':
        return session.user?.level ?? 'new';
      case 'node':
        return session.node;
      case 'line':
        return session.line;
      case 'transport':
        return viaName(session.transport);
      case 'screen':
        return screenSize(term.cols, term.rows);
      case 'cols':
        return term.cols;
      case 'charset':
        return term.encoding === 'cp437' ? 'CP437' : 'UTF-8';
      case 'rows':
        return term.rows;
      // The caller's own wall clock, named: a caller in Berlin reads "22:14 CET", not the board's UTC.
      case 'date':
      case 'time':
      case 'zone':
        return wallClock(at ?? this.now(), zoneOf(session))[name];
    }
  }

  /** A variable by name: the flow's own over the board's. */
  private varOf(name: string, vars: Vars, session: Session, at?: Date): unknown {
    return Object.hasOwn(vars, name) ? vars[name] : isBoardVar(name) ? this.boardVar(name, session, at) : undefined;
  }

  /**
   * Only the variables an art uses: a menu uses a few of the board's fifteen,
   * and making them all, the banner among them, for every menu drawn afresh
   * was garbage.
   */
  private usedVarsFor(names: readonly string[], vars: Vars, session: Session): Vars {
    const used: Record<string, unknown> = {};
    // One moment for the whole screen: its date, time and zone agree.
    const at = this.now();
    for (const name of names) used[name] = this.varOf(name, vars, session, at);
    return used as Vars;
  }

  /** Every variable a screen may use, the flow's own over the board's (markup spliced into art may name any of them). */
  private varsFor(vars: Vars, session: Session): Vars {
    return this.usedVarsFor([...BOARD_VARS, ...Object.keys(vars)], vars, session);
  }
}
