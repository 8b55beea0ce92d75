import type { AreaSetting } from '../config/settings.js';
import { messageExcerptParts } from '../store/message-excerpt.js';
import type { MessageExcerpt, MessageHit } from '../store/types.js';
import { html, text, when, type Html } from './html.js';
import { page, READ_ROOT, subjectOf, type Crumb, type Frame } from './pages.js';
import { areaHref, messageHref, searchHref } from './reader-paths.js';
import { MAX_QUERY_CHARS, searchForm } from './search-form.js';

/** Hits on one page of results. */
export const HITS_PER_PAGE = 20;

/** What was asked: the words as searched, whether a longer query was cut, and the one area (null: every area the reader may read). */
interface SearchAsked {
  query: string;
  cut: boolean;
  area: AreaSetting | null;
  /** The page's cursor: hits below this id; undefined on the first page. */
  before?: number;
}

/** What was found: null when the query held no words to search; hits with their area's title; whether older ones follow. */
export type SearchFound = { hits: ReadonlyArray<{ hit: MessageHit; areaTitle: string }>; more: boolean } | null;

/**
 * The results page: the box again with the words in it, then the hits as a
 * list, each with its area, subject (the message's link), author, date and
 * a line of context whose matched words are in <mark>. A search always
 * answers with this page, whatever was typed.
 */
export function searchPage(frame: Frame, asked: SearchAsked, found: SearchFound): string {
  const where = asked.area ? html`in <a href="${areaHref(asked.area.name)}">${asked.area.title}</a>` : html`in every area you may read`;
  const box = searchForm({ query: asked.query, area: asked.area });
  const cut = asked.cut ? html`<p class="meta">Only the first ${MAX_QUERY_CHARS} characters of your search were used.</p>` : '';
  const main = found === null ? noWords(box) : results(asked, found, where, box, cut);
  const crumbs: Crumb[] = [{ label: 'Areas', href: READ_ROOT }, ...(asked.area ? [{ label: asked.area.title, href: areaHref(asked.area.name) }] : []), { label: 'Search' }];
  return page(frame, asked.query.trim() === '' ? 'Search' : `Search: ${asked.query}`, crumbs, main);
}

function noWords(box: Html): Html {
  return html`<h1>Search messages</h1>
${box}
<p>Type one or more words to find the messages that hold all of them. Only words of letters and digits are searched: quotes and punctuation are left out.</p>`;
}

function results(asked: SearchAsked, found: NonNullable<SearchFound>, where: Html, box: Html, cut: Html | ''): Html {
  const n = found.hits.length;
  const later = asked.before !== undefined;
  const heading =
    n === 0 ? (later ? 'No older messages found' : 'No messages found') : `${n} ${later ? 'older ' : ''}${n === 1 ? 'message' : 'messages'} found${found.more ? ', and more' : ''}`;
  const about = html`<p class="meta">holding all of <q>${asked.query}</q> ${where}, newest first</p>`;
  const list =
    n === 0
      ? html`<p>${later ? 'There are no older messages holding these words.' : 'No message you may read holds all of these words. Try fewer words, or other ones.'}</p>`
      : html`<ol class="cards results">${found.hits.map(({ hit, areaTitle }) => hitItem(hit, areaTitle))}</ol>`;
  const areaName = asked.area?.name ?? null;
  const last = found.hits.at(-1)?.hit.message.id;
  const older = found.more && last !== undefined;
  const pages =
    later || older
      ? html`<nav class="pages" aria-label="Pages of results">
${later ? html`<a href="${searchHref(asked.query, areaName)}">Newest results</a>` : ''}
${older ? html`<a rel="next" href="${searchHref(asked.query, areaName, last)}">Older results</a>` : ''}
</nav>`
      : '';
  return html`<h1>${heading}</h1>
${about}
${cut}
${box}
${list}
${pages}`;
}

function hitItem(hit: MessageHit, areaTitle: string): Html {
  const m = hit.message;
  return html`<li class="card">
<h2><a href="${messageHref(m.id)}">${subjectOf(m.subject, m.id)}</a></h2>
<p class="meta">in <a href="${areaHref(m.area)}">${areaTitle}</a> · by ${m.authorName} · ${when(m.createdAt)}</p>
<p class="excerpt">${markedExcerpt(hit.excerpt)}</p>
</li>`;
}

/**
 * The line of context with each match in <mark>: the excerpt is cut at its
 * offsets first and every piece escaped on its own, so the markup only ever
 * goes between escaped pieces, never into the message's text.
 */
export function markedExcerpt(excerpt: MessageExcerpt): Html {
  return html`${messageExcerptParts(excerpt).map((part) => (part.match ? html`<mark>${text(part.text)}</mark>` : text(part.text)))}`;
}
