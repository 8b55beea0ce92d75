import type { AreaSetting } from '../config/settings.js';
import { isPublicArea } from '../rules/area-access.js';
import type { PublicMessage } from '../store/types.js';
import { html, lines, raw, text, when, type Html } from './html.js';
import { areaHref, feedHref, messageHref, threadHref } from './reader-paths.js';
import { searchForm } from './search-form.js';

/**
 * The reader's pages, as HTML from plain data: no store, no request. Every
 * page is a whole document with landmarks (header, nav, main, footer), one
 * h1, and forms whose fields have labels; nothing in it needs script.
 */

/** Who is reading: an account with its session's form token, or a guest (null). */
type Viewer = { name: string; csrf: string } | null;

export interface Frame {
  board: string;
  viewer: Viewer;
  /** The ssh command that prints a login link, or null when the board has no SSH port. */
  loginHint: string | null;
}

export interface Crumb {
  label: string;
  href?: string;
}

export const READ_ROOT = '/read/';

/** A whole page around `main`; `head` is more of the page's own markup for its <head> (an area's feed links). */
export function page(frame: Frame, title: string, crumbs: readonly Crumb[], main: Html, head: Html | '' = ''): string {
  const { viewer } = frame;
  const who = viewer
    ? html`<p class="who">Reading as <b>${viewer.name}</b></p>
<form class="logout" method="post" action="/logout"><input type="hidden" name="csrf" value="${viewer.csrf}"><button type="submit">Log out</button></form>`
    : html`<p class="who">Reading as a guest. ${howToLogIn(frame.loginHint)}</p>`;
  const trail = crumbs.map((c, i) => (c.href && i < crumbs.length - 1 ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li aria-current="page">${c.label}</li>`));
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>${title} · ${frame.board}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/reader.css">
${head}</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top">
<p class="board"><a href="${READ_ROOT}">${frame.board}</a></p>
${who}
</header>
<nav class="crumbs" aria-label="You are here"><ol>${trail}</ol></nav>
<main id="main">
${main}
</main>
<footer class="foot"><p><a href="/">Dial the board in the browser</a> · every page here works without script.</p></footer>
</body>
</html>
`.html;
}

interface AreaRow {
  area: AreaSetting;
  total: number;
  /** Null for a guest, who has no read pointer. */
  unread: number | null;
}

export function areasPage(frame: Frame, rows: readonly AreaRow[]): string {
  const items = rows.map(
    (r) => html`<li class="card">
<h2><a href="${areaHref(r.area.name)}">${r.area.title}</a></h2>
<p>${r.area.description}</p>
<p class="counts">${r.total} ${r.total === 1 ? 'message' : 'messages'}${r.unread === null ? '' : html` · <span class="${r.unread > 0 ? 'new' : ''}">${r.unread} unread</span>`}</p>
</li>`,
  );
  const main = rows.length === 0 ? html`<h1>Message areas</h1><p>There is no area you may read.</p>` : html`<h1>Message areas</h1>${searchForm({ query: '', area: null })}<ul class="cards">${items}</ul>`;
  return page(frame, 'Message areas', [{ label: 'Areas' }], main);
}

interface TopicRow {
  rootId: number;
  subject: string | null;
  author: string;
  replies: number;
  lastPostedAt: Date;
  /** Something in it is past the reader's pointer; never for a guest. */
  isNew: boolean;
}

export function topicsPage(frame: Frame, area: AreaSetting, topics: readonly TopicRow[], paging: { page: number; more: boolean }, mayPost: boolean): string {
  const rows = topics.map(
    (t) => html`<li class="card">
<h2><a href="${threadHref(t.rootId)}">${subjectOf(t.subject, t.rootId)}</a>${t.isNew ? raw(' <strong class="new">new</strong>') : ''}</h2>
<p class="meta">by ${t.author} · ${t.replies} ${t.replies === 1 ? 'reply' : 'replies'} · last ${when(t.lastPostedAt)}</p>
</li>`,
  );
  const base = areaHref(area.name);
  const pages = html`<nav class="pages" aria-label="Pages of threads">
${paging.page > 1 ? html`<a rel="prev" href="${paging.page === 2 ? base : `${base}?page=${paging.page - 1}`}">Newer threads</a>` : ''}
${paging.more ? html`<a rel="next" href="${base}?page=${paging.page + 1}">Older threads</a>` : ''}
</nav>`;
  // A feed is offered where the feed route serves one: the areas anyone may read.
  const feeds = isPublicArea(area);
  const main = html`<h1>${area.title}</h1>
<p>${area.description}</p>
${feeds ? html`<p class="feeds"><a href="${feedHref(area.name, 'atom')}" type="application/atom+xml">Feed</a> of this area for a feed reader (<a href="${feedHref(area.name, 'rss')}" type="application/rss+xml">RSS</a>)</p>` : ''}
${searchForm({ query: '', area })}
${mayPost ? html`<p><a class="button" href="${base}new">Start a new thread</a></p>` : ''}
${topics.length === 0 ? html`<p>${paging.page > 1 ? 'No threads on this page.' : 'No threads yet.'}</p>` : html`<ol class="cards">${rows}</ol>`}
${pages}`;
  const head = feeds
    ? html`<link rel="alternate" type="application/atom+xml" title="${area.title} (Atom)" href="${feedHref(area.name, 'atom')}">
<link rel="alternate" type="application/rss+xml" title="${area.title} (RSS)" href="${feedHref(area.name, 'rss')}">
`
    : '';
  return page(frame, area.title, [{ label: 'Areas', href: READ_ROOT }, { label: area.title }], main, head);
}

/** One message as an article, anchored by its number; `newMark` when it is past the reader's pointer. */
function messageArticle(m: PublicMessage, opts: { newMark: boolean; mayReply: boolean }): Html {
  return html`<article class="message" id="m${m.id}" aria-labelledby="m${m.id}-h">
<header><h2 id="m${m.id}-h"><span class="num">#${m.id}</span> by ${m.authorName}${opts.newMark ? raw(' <strong class="new">new</strong>') : ''}</h2>
<p class="meta">${when(m.createdAt)}${m.parentId !== null ? html` · in reply to <a href="${messageHref(m.parentId)}">#${m.parentId}</a>` : ''} · <a href="${messageHref(m.id)}">link</a>${opts.mayReply ? html` · <a href="${messageHref(m.id)}#reply">reply</a>` : ''}</p>
</header>
<div class="body">${lines(m.body)}</div>
</article>`;
}

export function threadPage(frame: Frame, area: AreaSetting, messages: readonly PublicMessage[], lastRead: number | null, mayPost: boolean): string {
  const root = messages[0]!;
  const title = subjectOf(root.subject, root.id);
  const main = html`<h1>${title}</h1>
<p class="meta">${messages.length} ${messages.length === 1 ? 'message' : 'messages'} in <a href="${areaHref(area.name)}">${area.title}</a></p>
${messages.map((m) => messageArticle(m, { newMark: lastRead !== null && m.id > lastRead, mayReply: mayPost }))}`;
  return page(frame, plain(root.subject, root.id), [{ label: 'Areas', href: READ_ROOT }, { label: area.title, href: areaHref(area.name) }, { label: plain(root.subject, root.id) }], main);
}

export interface FormState {
  subject: string;
  body: string;
  /** Why the last try was refused, shown above the form. */
  error?: string;
}

export function messagePage(frame: Frame, area: AreaSetting, m: PublicMessage, rootId: number, reply: FormState | null): string {
  const form =
    reply && frame.viewer
      ? html`<section aria-labelledby="reply-h" id="reply">
<h2 id="reply-h">Reply to #${m.id}</h2>
${postForm(`${messageHref(m.id)}/reply`, frame.viewer.csrf, reply, 'Post the reply')}
</section>`
      : '';
  const main = html`<h1>${subjectOf(m.subject, m.id)}</h1>
<p class="meta">In <a href="${areaHref(area.name)}">${area.title}</a> · <a href="${threadHref(rootId, m.id)}">the whole thread</a></p>
${messageArticle(m, { newMark: false, mayReply: false })}
${form}`;
  return page(frame, plain(m.subject, m.id), [{ label: 'Areas', href: READ_ROOT }, { label: area.title, href: areaHref(area.name) }, { label: `#${m.id}` }], main);
}

export function newThreadPage(frame: Frame, area: AreaSetting, state: FormState): string {
  const main = html`<h1>New thread in ${area.title}</h1>
${postForm(`${areaHref(area.name)}new`, frame.viewer?.csrf ?? '', state, 'Post the thread')}`;
  return page(frame, `New thread in ${area.title}`, [{ label: 'Areas', href: READ_ROOT }, { label: area.title, href: areaHref(area.name) }, { label: 'New thread' }], main);
}

function postForm(action: string, csrf: string, state: FormState, button: string): Html {
  return html`<form class="post" method="post" action="${action}">
${state.error ? html`<p class="error" role="alert">Not posted: ${state.error}.</p>` : ''}
<input type="hidden" name="csrf" value="${csrf}">
<label for="subject">Subject</label>
<input id="subject" name="subject" type="text" maxlength="60" required value="${state.subject}">
<label for="body">Message</label>
<textarea id="body" name="body" rows="10" required>${lines(state.body)}</textarea>
<button type="submit">${button}</button>
</form>`;
}

/** What a login link shows: whose account it opens, and the one button that does it. */
export function loginPage(frame: Frame, name: string, action: string): string {
  const main = html`<h1>Log in as ${name}</h1>
<p>This link logs this browser in to ${frame.board} as <strong>${name}</strong>. It works once, for ten minutes.</p>
<form class="login" method="post" action="${action}"><button type="submit">Log in as ${name}</button></form>
<p>Not yours, or not now? Close this page: nothing happens until the button is pressed.</p>`;
  return page(frame, `Log in as ${name}`, [{ label: 'Areas', href: READ_ROOT }, { label: 'Log in' }], main);
}

/** A page that only says something: a refusal, an expired link. */
export function noticePage(frame: Frame, title: string, paragraphs: readonly string[], link: { href: string; label: string } = { href: READ_ROOT, label: 'Back to the message areas' }): string {
  const main = html`<h1>${title}</h1>
${paragraphs.map((p) => html`<p>${p}</p>`)}
<p><a href="${link.href}">${link.label}</a></p>`;
  return page(frame, title, [{ label: 'Areas', href: READ_ROOT }, { label: title }], main);
}

export function subjectOf(subject: string | null, id: number): Html {
  return text(plain(subject, id));
}

function plain(subject: string | null, id: number): string {
  return subject && subject.trim() !== '' ? subject : `Message #${id}`;
}

/** How to get a login link, in one sentence: the ssh command when there is one, and the main menu's entry either way. */
export function howToLogIn(hint: string | null): string {
  return hint === null ? "To log in, call the board, choose R at its main menu and open the link it shows." : `To log in, run ${hint} (or choose R at the board's main menu) and open the link it prints.`;
}
