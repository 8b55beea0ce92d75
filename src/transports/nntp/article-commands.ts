import type { PublicMessage } from '../../store/types.js';
import { bodyLines, header, headLines, type NewsArticle } from './article-format.js';
import { selectable } from './group-commands.js';
import { BLOCK_END, encodeBlock, stuffLines } from './multi-line.js';
import { parseRange, type ArticleRange } from './news-syntax.js';
import { reply, type NewsContext } from './reply.js';

/** Messages whose parent is remembered during one OVER or HDR. */
const MAX_KNOWN = 100_000;

type Part = 'ARTICLE' | 'HEAD' | 'BODY' | 'STAT';
const CODES: Record<Part, number> = { ARTICLE: 220, HEAD: 221, BODY: 222, STAT: 223 };

/** The message an ARTICLE-like command names: a Message-ID, a number in the group, or the current article. */
async function target(ctx: NewsContext, arg: string | undefined): Promise<{ message: PublicMessage; number: number } | null> {
  if (arg?.startsWith('<')) {
    const id = ctx.board.names.idOf(arg);
    const message = id === null ? null : await ctx.board.message(ctx.reader, id);
    if (!message) {
      await reply(ctx, '430 no article with that message-id');
      return null;
    }
    // By Message-ID the number is given only when the article is in the selected group.
    return { message, number: message.area === ctx.group?.name ? message.id : 0 };
  }
  if (arg !== undefined && !/^\d{1,16}$/.test(arg)) {
    await reply(ctx, '501 expected an article number or a <message-id>');
    return null;
  }
  if (!ctx.group) {
    await reply(ctx, '412 no newsgroup selected');
    return null;
  }
  const number = arg === undefined ? ctx.current : Number(arg);
  if (number === null) {
    await reply(ctx, '420 current article number is invalid');
    return null;
  }
  const message = await ctx.board.inArea(ctx.group, number);
  if (!message) {
    await reply(ctx, `423 no article ${number} in ${ctx.board.names.group(ctx.group.name)}`);
    return null;
  }
  ctx.current = number;
  return { message, number };
}

/** ARTICLE, HEAD, BODY and STAT. Reading the text (ARTICLE, BODY) moves the account's read pointer. */
export async function articlePart(ctx: NewsContext, part: Part, args: string[]): Promise<void> {
  if (args.length > 1) return reply(ctx, `501 usage: ${part} [number|<message-id>]`);
  const found = await target(ctx, args[0]);
  if (!found) return;
  const msgid = ctx.board.names.messageId(found.message.id);
  const status = `${CODES[part]} ${found.number} ${msgid}`;
  if (part === 'STAT') return reply(ctx, status);
  const article = await ctx.board.article(found.message);
  const lines = part === 'HEAD' ? headLines(article) : part === 'BODY' ? bodyLines(article) : [...headLines(article), '', ...bodyLines(article)];
  await reply(ctx, status);
  await ctx.write(encodeBlock(lines));
  if (part !== 'HEAD') await ctx.board.markRead(ctx.reader, found.message);
}

/** NEXT and LAST: move the current article within the group. */
export async function step(ctx: NewsContext, way: 'next' | 'previous', args: string[]): Promise<void> {
  if (args.length > 0) return reply(ctx, '501 no arguments expected');
  if (!ctx.group) return reply(ctx, '412 no newsgroup selected');
  if (ctx.current === null) return reply(ctx, '420 current article number is invalid');
  const m = await ctx.board.neighbour(ctx.group, ctx.current, way);
  if (!m) return reply(ctx, way === 'next' ? '421 no next article in this group' : '422 no previous article in this group');
  ctx.current = m.id;
  await reply(ctx, `223 ${m.id} ${ctx.board.names.messageId(m.id)}`);
}

/** The range an OVER or HDR argument names in the selected group (the current article when none), having replied when there is none. */
async function rangeOf(ctx: NewsContext, arg: string | undefined): Promise<ArticleRange | null> {
  if (!ctx.group) {
    await reply(ctx, '412 no newsgroup selected');
    return null;
  }
  if (arg === undefined) {
    if (ctx.current === null) await reply(ctx, '420 current article number is invalid');
    return ctx.current === null ? null : { low: ctx.current, high: ctx.current };
  }
  const range = parseRange(arg);
  if (!range) await reply(ctx, '501 expected a range: n, n- or n-m');
  return range;
}

/**
 * OVER/XOVER and HDR/XHDR: one line per article of a range (a page of the
 * store at a time, so a whole group never sits in memory), or the one
 * article a Message-ID names, numbered 0 as RFC 3977 says.
 */
async function perArticle(ctx: NewsContext, arg: string | undefined, status: string, line: (article: NewsArticle) => string, allowMsgid: boolean): Promise<void> {
  // Overview lines are tab-separated; header lines put a space after the number.
  const separator = status.startsWith('224') ? '\t' : ' ';
  if (arg?.startsWith('<')) {
    if (!allowMsgid) return reply(ctx, '501 this command takes a range, not a message-id');
    const id = ctx.board.names.idOf(arg);
    const message = id === null ? null : await ctx.board.message(ctx.reader, id);
    if (!message) return reply(ctx, '430 no article with that message-id');
    const text = line(await ctx.board.article(message));
    await reply(ctx, status);
    await ctx.write(encodeBlock([`0${separator}${text}`]));
    return;
  }
  const range = await rangeOf(ctx, arg);
  if (!range) return;
  let started = false;
  // Parents are mostly earlier in the same range: remembered across pages, they are read once, not once a reply.
  const known = new Map<number, Pick<PublicMessage, 'parentId'>>();
  for await (const page of ctx.board.range(ctx.group!, range.low, range.high)) {
    if (known.size > MAX_KNOWN) known.clear();
    for (const m of page) known.set(m.id, m);
    const lines: string[] = [];
    for (const m of page) lines.push(`${m.id}${separator}${line(await ctx.board.article(m, known))}`);
    if (!started) await reply(ctx, status);
    started = true;
    await ctx.write(stuffLines(lines));
  }
  if (!started) return reply(ctx, '423 no articles in that range');
  await ctx.write(BLOCK_END);
}

export function over(ctx: NewsContext, args: string[], allowMsgid: boolean): Promise<void> {
  if (args.length > 1) return reply(ctx, '501 usage: OVER [range|<message-id>]');
  return perArticle(ctx, args[0], '224 overview information follows', (a) => a.overview, allowMsgid);
}

/** HDR (225) and XHDR (221): one header, or :bytes / :lines, per article. */
export function hdr(ctx: NewsContext, args: string[], code: 225 | 221): Promise<void> {
  if (args.length < 1 || args.length > 2) return reply(ctx, `501 usage: ${code === 225 ? 'HDR' : 'XHDR'} field [range|<message-id>]`);
  const field = args[0]!.toLowerCase();
  const value = (a: NewsArticle): string => (field === ':bytes' || field === 'bytes' ? String(a.bytes) : field === ':lines' || field === 'lines' ? String(a.lines) : header(a, field.replace(/:$/, '')));
  return perArticle(ctx, args[1], `${code} headers follow`, value, true);
}

/** LISTGROUP: select the group (one named, or the selected one) and list its numbers in the range. */
export async function listGroup(ctx: NewsContext, args: string[]): Promise<void> {
  if (args.length > 2) return reply(ctx, '501 usage: LISTGROUP [newsgroup [range]]');
  const area = args[0] === undefined ? ctx.group : await selectable(ctx, args[0]);
  if (args[0] !== undefined && !area) return;
  if (!area) return reply(ctx, '412 no newsgroup selected');
  const range = args[1] === undefined ? { low: 1, high: Number.MAX_SAFE_INTEGER } : parseRange(args[1]);
  if (!range) return reply(ctx, '501 expected a range: n, n- or n-m');
  const s = (await ctx.board.stats([area])).get(area.name)!;
  ctx.group = area;
  ctx.current = s.count > 0 ? s.low : null;
  await reply(ctx, `211 ${s.count} ${s.low} ${s.high} ${ctx.board.names.group(area.name)} list follows`);
  for await (const page of ctx.board.range(area, range.low, range.high)) await ctx.write(stuffLines(page.map((m) => String(m.id))));
  await ctx.write(BLOCK_END);
}
