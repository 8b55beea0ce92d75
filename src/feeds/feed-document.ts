import { Feed } from 'feed';
import type { PublicMessage } from '../store/types.js';
import { areaHref, messageHref } from '../web-reader/reader-paths.js';
import { bodyAsHtml, escapeHtml, lineAsHtml, lineAsXmlText, summaryAsHtml } from './feed-text.js';

export type FeedFormat = 'atom' | 'rss';

/** The area a feed is for, as configured. */
interface FeedArea {
  name: string;
  title: string;
  description: string;
}

/** What a feed says about the board itself. */
interface FeedBoard {
  /** The board's name, shown in the feed's title. */
  name: string;
  /** The tagging name of ids, the board's news site (`mongrelbbs.bbs`), the same as its Message-IDs use. */
  site: string;
  /** The web address messages are linked under, without a trailing slash. */
  base: string;
}

/**
 * A fixed date for the tag: URIs (RFC 4151 needs one), the year of the
 * original Mongrel2 client. Ids built from it and the message number never
 * change, whatever address the board is reached at later.
 */
const TAG_DATE = '2010';

/** The Atom id and RSS guid of a message, the same in both feeds and forever. */
export function entryId(site: string, id: number): string {
  return `tag:${site},${TAG_DATE}:message/${id}`;
}

/** Where the web reader shows one message (its area is in the page, not the address). */
function messageUrl(base: string, id: number): string {
  return `${base}${messageHref(id)}`;
}

/** The feed's own address. */
function feedUrl(base: string, area: string, format: FeedFormat): string {
  return `${base}/feeds/${encodeURIComponent(area)}.${format}`;
}

/** The first words of a message, for Atom's summary and RSS's description. */
const SUMMARY_CHARS = 200;

/**
 * The Atom 1.0 or RSS 2.0 document of one area. `messages` are its newest
 * first. The same messages always give the same bytes (no clock is read),
 * so a document's hash can serve as its ETag.
 */
export function feedDocument(format: FeedFormat, board: FeedBoard, area: FeedArea, messages: readonly PublicMessage[]): string {
  const feed = new Feed({
    id: `tag:${board.site},${TAG_DATE}:area/${area.name}`,
    title: lineAsXmlText(`${board.name}: ${area.title}`),
    description: lineAsXmlText(area.description),
    link: `${board.base}${areaHref(area.name)}`,
    feedLinks: { [format]: feedUrl(board.base, area.name, format) },
    // An empty area has no newest message; a fixed date keeps its document the same from one rendering to the next.
    updated: messages[0]?.createdAt ?? new Date(0),
    generator: false,
  });
  for (const m of messages) {
    const link = messageUrl(board.base, m.id);
    feed.addItem({
      id: entryId(board.site, m.id),
      title: lineAsHtml(m.subject?.trim() || '(no subject)'),
      link,
      date: m.createdAt,
      published: m.createdAt,
      author: [{ name: lineAsXmlText(m.authorName) }],
      description: summaryAsHtml(m.body, SUMMARY_CHARS),
      content: replyLine(board.base, m.parentId) + bodyAsHtml(m.body),
    });
  }
  return format === 'atom' ? feed.atom1() : feed.rss2();
}

/** A reply says which message it answers, as a link to that message's page. */
function replyLine(base: string, parentId: number | null): string {
  if (parentId === null) return '';
  return `<p>In reply to <a href="${escapeHtml(messageUrl(base, parentId))}">message ${parentId}</a></p>\n`;
}
