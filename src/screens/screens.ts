import type { ScreenRenderer, Vars } from '../session/io.js';
import type { Session } from '../session/session.js';
import { NARROW, type ArtLibrary } from './art-library.js';
import { spliceMarkup } from './art-markup.js';
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
    const all = this.varsFor(vars, session);
    // The sysop's markup (the MOTD) is placed as art; such screens are seldom and not kept.
    const spliced = spliceMarkup(art, all);
    if (spliced) return renderArt(spliced, all, session.terminal, session.chalk);
    // Callers who are in keep coming back to the same menus; the many brief
    // ones at the login prompts would only fill memory with their banners.
    if (!session.user) return renderArt(art, all, session.terminal, session.chalk);
    return this.rendered.render(session, art, all, session.terminal, session.chalk);
  }

  private varsFor(vars: Vars, session: Session): Vars {
    const clock = wallClock(this.now(), zoneOf(session));
    if (typeof this.banner === 'function') this.banner = this.banner();
    return {
      board: this.facts.board,
      sysop: this.facts.sysop,
      banner: textBlock(this.banner.forTerminal(session.terminal.cols, session.terminal.encoding === 'cp437')),
      user: session.user?.name ?? 'guest',
      level: session.user?.level ?? 'new',
      node: session.node,
      line: session.line,
      transport: viaName(session.transport),
      screen: screenSize(session.terminal.cols, session.terminal.rows),
      cols: session.terminal.cols,
      charset: session.terminal.encoding === 'cp437' ? 'CP437' : 'UTF-8',
      rows: session.terminal.rows,
      // The caller's own wall clock, named: a caller in Berlin reads "22:14 CET", not the board's UTC.
      date: clock.date,
      time: clock.time,
      zone: clock.zone,
      ...vars,
    };
  }
}
