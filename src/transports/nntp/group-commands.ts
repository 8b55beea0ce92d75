import { OVERVIEW_FORMAT } from './article-format.js';
import type { AreaSetting } from '../../config/settings.js';
import { BLOCK_END, encodeBlock, stuffLines } from './multi-line.js';
import type { GroupStats } from './news-board.js';
import { parseNewsDate, wildmat } from './news-syntax.js';
import { reply, type NewsContext } from './reply.js';

/** Pages of NEWNEWS's walk back through an area. */
const PAGE = 500;

/** LIST and its keywords (RFC 3977 section 7.6, RFC 6048's HEADERS). */
export async function list(ctx: NewsContext, args: string[]): Promise<void> {
  const keyword = (args[0] ?? 'ACTIVE').toUpperCase();
  const match = args[1] === undefined ? () => true : wildmat(args[1]);
  const names = ctx.board.names;
  const areas = ctx.board.readable(ctx.reader).filter((a) => match(names.group(a.name)));
  switch (keyword) {
    case 'ACTIVE': {
      const stats = await ctx.board.stats(areas);
      await reply(ctx, '215 list of newsgroups follows');
      await ctx.write(encodeBlock(areas.map((a) => activeLine(ctx, a, stats.get(a.name)!))));
      return;
    }
    case 'NEWSGROUPS':
      await reply(ctx, '215 list of newsgroups follows');
      await ctx.write(encodeBlock(areas.map((a) => `${names.group(a.name)}\t${a.title}${a.description ? `: ${a.description}` : ''}`)));
      return;
    case 'OVERVIEW.FMT':
      await reply(ctx, '215 order of fields in overview database');
      await ctx.write(encodeBlock(OVERVIEW_FORMAT));
      return;
    case 'HEADERS':
      // Any header of an article can be asked for by HDR, and the two metadata items.
      await reply(ctx, '215 headers supported');
      await ctx.write(encodeBlock([':', ':bytes', ':lines']));
      return;
    default:
      await reply(ctx, `501 LIST ${keyword} is not supported here`);
  }
}

/** `group high low status`: y when this reader may post there now. */
function activeLine(ctx: NewsContext, area: AreaSetting, s: GroupStats): string {
  return `${ctx.board.names.group(area.name)} ${s.high} ${s.low} ${ctx.board.mayPost(ctx.reader, area) ? 'y' : 'n'}`;
}

/** GROUP: select a group; its first article becomes the current one. */
export async function group(ctx: NewsContext, args: string[]): Promise<void> {
  if (args.length !== 1) return reply(ctx, '501 usage: GROUP newsgroup');
  const area = await selectable(ctx, args[0]!);
  if (!area) return;
  const s = (await ctx.board.stats([area])).get(area.name)!;
  ctx.group = area;
  ctx.current = s.count > 0 ? s.low : null;
  await reply(ctx, `211 ${s.count} ${s.low} ${s.high} ${ctx.board.names.group(area.name)}`);
}

/** The group to select, having said why not when there is none: a guest is asked to log in, an account without the level hears it does not exist. */
export async function selectable(ctx: NewsContext, name: string): Promise<AreaSetting | null> {
  const area = ctx.board.group(ctx.reader, name);
  if (area) return area;
  await reply(ctx, ctx.reader === null && ctx.board.isArea(name) ? '480 authentication required for this group: AUTHINFO USER and PASS first' : `411 no such newsgroup ${name}`);
  return null;
}

/** NEWGROUPS: an area counts as new from its first message, the only birthday the board keeps. */
export async function newGroups(ctx: NewsContext, args: string[], now: Date): Promise<void> {
  const since = parseNewsDate(args[0], args[1], now);
  if (!since || args.length > 3 || (args[2] !== undefined && args[2].toUpperCase() !== 'GMT')) return reply(ctx, '501 usage: NEWGROUPS yyyymmdd hhmmss [GMT]');
  const areas = ctx.board.readable(ctx.reader);
  const stats = await ctx.board.stats(areas);
  const fresh: string[] = [];
  for (const area of areas) {
    const s = stats.get(area.name)!;
    const first = s.count > 0 ? await ctx.board.inArea(area, s.low) : null;
    if (first && first.createdAt >= since) fresh.push(activeLine(ctx, area, s));
  }
  await reply(ctx, '231 list of new newsgroups follows');
  await ctx.write(encodeBlock(fresh));
}

/** NEWNEWS: the Message-IDs of messages posted since the date in the matching groups, newest first per group. */
export async function newNews(ctx: NewsContext, args: string[], now: Date): Promise<void> {
  const since = parseNewsDate(args[1], args[2], now);
  if (!since || args.length > 4 || (args[3] !== undefined && args[3].toUpperCase() !== 'GMT')) return reply(ctx, '501 usage: NEWNEWS wildmat yyyymmdd hhmmss [GMT]');
  const match = wildmat(args[0]!);
  const areas = ctx.board.readable(ctx.reader).filter((a) => match(ctx.board.names.group(a.name)));
  await reply(ctx, '230 list of new articles follows');
  for (const area of areas) {
    for await (const page of ctx.board.newestFirst(area, PAGE)) {
      const fresh = page.filter((m) => m.createdAt >= since);
      if (fresh.length > 0) await ctx.write(stuffLines(fresh.map((m) => ctx.board.names.messageId(m.id))));
      if (fresh.length < page.length) break;
    }
  }
  await ctx.write(BLOCK_END);
}
