import type { AreaSetting } from '../../config/settings.js';
import type { BoardConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import { guestOrLevelMayPost, guestOrLevelMayRead } from '../../rules/area-access.js';
import { postWhole } from '../../rules/public-post.js';
import type { PublicMessage, Store, User } from '../../store/types.js';
import { formatArticle, type NewsArticle } from './article-format.js';
import type { NewsNames } from './news-names.js';
import type { PostedArticle } from './posted-article.js';

/** Who reads: an account, or null for a guest who has not given AUTHINFO. */
export type NewsReader = User | null;

export interface GroupStats {
  count: number;
  low: number;
  high: number;
}

/** Ancestors listed in References at most: the nearest ones, which is what readers thread by. */
const MAX_REFERENCES = 30;
/** Messages read from the store at a time when walking a range. */
const PAGE = 500;

interface NewsBoardOptions {
  store: Store;
  areas: readonly AreaSetting[];
  names: NewsNames;
  limits: Pick<BoardConfig['limits'], 'messageLines' | 'lineLength' | 'postsPerHour' | 'mailPerHour' | 'storagePerUser'>;
  log: Logger;
  now?: () => Date;
}

/**
 * The message areas as newsgroups, under the board's own rules: an account
 * reads and posts where its level allows; a guest reads only the areas whose
 * read level is the lowest (`new`, which every account has), and never
 * posts. Private mail is not here at all.
 */
export class NewsBoard {
  constructor(private readonly opts: NewsBoardOptions) {}

  get names(): NewsNames {
    return this.opts.names;
  }

  mayRead(reader: NewsReader, area: AreaSetting): boolean {
    return guestOrLevelMayRead(reader, area);
  }

  mayPost(reader: NewsReader, area: AreaSetting): boolean {
    return guestOrLevelMayPost(reader, area);
  }

  /** The areas this reader may read, in the configured order. */
  readable(reader: NewsReader): AreaSetting[] {
    return this.opts.areas.filter((a) => this.mayRead(reader, a));
  }

  /** The readable area a group name stands for, or null (unknown and forbidden look the same). */
  group(reader: NewsReader, name: string): AreaSetting | null {
    const areaName = this.opts.names.area(name);
    const area = areaName === null ? undefined : this.opts.areas.find((a) => a.name === areaName);
    return area && this.mayRead(reader, area) ? area : null;
  }

  /** Whether a group name is one of the board's areas, readable or not. */
  isArea(name: string): boolean {
    const areaName = this.opts.names.area(name);
    return this.opts.areas.some((a) => a.name === areaName);
  }

  /** Count, lowest and highest number of every area holding messages; an empty one has none. */
  async stats(areas: readonly AreaSetting[]): Promise<Map<string, GroupStats>> {
    const summaries = new Map((await this.opts.store.publicMessages.areas()).map((s) => [s.area, s]));
    const out = new Map<string, GroupStats>();
    for (const area of areas) {
      const s = summaries.get(area.name);
      if (!s || s.count === 0) {
        out.set(area.name, { count: 0, low: 1, high: 0 });
        continue;
      }
      const first = await this.opts.store.publicMessages.listInArea(area.name, 1);
      out.set(area.name, { count: s.count, low: first[0]?.id ?? s.lastId, high: s.lastId });
    }
    return out;
  }

  /** A message this reader may read, or null. */
  async message(reader: NewsReader, id: number): Promise<PublicMessage | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const message = await this.opts.store.publicMessages.findById(id);
    const area = message && this.opts.areas.find((a) => a.name === message.area);
    return message && area && this.mayRead(reader, area) ? message : null;
  }

  /** The message of `area` numbered `id`, or null. */
  async inArea(area: AreaSetting, id: number): Promise<PublicMessage | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const message = await this.opts.store.publicMessages.findById(id);
    return message?.area === area.name ? message : null;
  }

  /** The next message of the area after `id`, or before it. */
  async neighbour(area: AreaSetting, id: number, way: 'next' | 'previous'): Promise<PublicMessage | null> {
    const list = way === 'next' ? await this.opts.store.publicMessages.listInArea(area.name, 1, id) : await this.opts.store.publicMessages.listInAreaNewestFirst(area.name, 1, id);
    return list[0] ?? null;
  }

  /** Every message of the area numbered from `low` to `high`, oldest first, a page at a time. */
  async *range(area: AreaSetting, low: number, high: number): AsyncGenerator<PublicMessage[]> {
    let after = Math.max(0, low - 1);
    for (;;) {
      const page = await this.opts.store.publicMessages.listInArea(area.name, PAGE, after);
      const inside = page.filter((m) => m.id <= high);
      if (inside.length > 0) yield inside;
      if (page.length < PAGE || inside.length < page.length) return;
      after = page[page.length - 1]!.id;
    }
  }

  /** The area's messages newest first, `size` at a time, for as long as the caller keeps asking. */
  async *newestFirst(area: AreaSetting, size: number): AsyncGenerator<PublicMessage[]> {
    let before: number | undefined;
    for (;;) {
      const page = await this.opts.store.publicMessages.listInAreaNewestFirst(area.name, size, before);
      if (page.length > 0) yield page;
      if (page.length < size) return;
      before = page[page.length - 1]!.id;
    }
  }

  /** The article for a message; `known` holds messages already read, so a page's parents are not read again. */
  async article(message: PublicMessage, known?: ReadonlyMap<number, Pick<PublicMessage, 'parentId'>>): Promise<NewsArticle> {
    return formatArticle(message, await this.ancestors(message, known), this.opts.names);
  }

  private async ancestors(message: PublicMessage, known?: ReadonlyMap<number, Pick<PublicMessage, 'parentId'>>): Promise<number[]> {
    const chain: number[] = [];
    let parent = message.parentId;
    while (parent !== null && chain.length < MAX_REFERENCES) {
      chain.unshift(parent);
      const m = known?.get(parent) ?? (await this.opts.store.publicMessages.findById(parent));
      parent = m?.parentId ?? null;
    }
    return chain;
  }

  /** The account as it is now: a sysop may have changed its level or banned it since AUTHINFO. */
  async refresh(reader: NewsReader): Promise<NewsReader> {
    if (reader === null) return null;
    const now = await this.opts.store.users.findById(reader.id);
    return now && !now.banned ? now : null;
  }

  /**
   * ARTICLE or BODY by an account: the area's read pointer moves up to this
   * message, never back, as reading it on the terminal does, so the board's
   * new-scan does not offer it again.
   */
  async markRead(reader: NewsReader, message: PublicMessage): Promise<void> {
    if (reader !== null) await this.opts.store.areaReads.markRead(reader.id, message.area, message.id);
  }

  /**
   * A posted article becomes a message: a follow-up (its last Reference is
   * one of ours) a reply in that thread and area, else a new topic in its
   * first newsgroup of ours. The board's levels, quotas and message caps
   * hold; the reason comes back when one does not.
   */
  async post(reader: User, article: PostedArticle): Promise<{ id: number } | { error: string }> {
    const { store, names, limits } = this.opts;
    const parentRef = (article.headers.get('references') ?? '').split(/\s+/).filter(Boolean).at(-1);
    const parentId = parentRef === undefined ? null : names.idOf(parentRef);
    let area: AreaSetting | undefined;
    if (parentId !== null) {
      const parent = await this.message(reader, parentId);
      if (!parent) return { error: `the article answered (${parentRef}) is not here` };
      // The thread's area wins over whatever Newsgroups says.
      area = this.opts.areas.find((a) => a.name === parent.area);
    } else {
      const groups = (article.headers.get('newsgroups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
      if (groups.length === 0) return { error: 'no Newsgroups header' };
      area = groups.map((g) => this.group(reader, g)).find((a) => a !== null) ?? undefined;
      if (!area) return { error: `no such newsgroup here: ${groups.join(',')}` };
    }
    if (!area) return { error: 'that thread is in an area that is closed' };
    if (!this.mayPost(reader, area)) return { error: `posting in ${names.group(area.name)} needs level ${area.post}` };
    const subject = (article.headers.get('subject') ?? '').replace(/\s+/g, ' ').trim();
    if (!subject) return { error: 'no Subject header' };
    return postWhole({ store, limits, log: this.opts.log, now: this.opts.now }, reader, { area, parentId, subject, body: article.body }, 'nntp');
  }
}
