import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AreaSetting } from '../../../config/settings.js';
import type { BoardConfig } from '../../../config/config.js';
import { linkSecret } from '../../../files/download-link.js';
import type { Logger } from '../../../logger.js';
import { guestOrLevelMayPost, guestOrLevelMayRead } from '../../../rules/area-access.js';
import { postWhole } from '../../../rules/public-post.js';
import { wrapText } from '../../../screens/text-width.js';
import { searchPhrases } from '../../../store/message-words.js';
import type { PublicMessage, Store, User } from '../../../store/types.js';
import { LOGIN_PATH } from '../../../web-reader/login-link.js';
import { areasPage, howToLogIn, loginPage, messagePage, newThreadPage, noticePage, threadPage, topicsPage, type FormState, type Frame } from '../../../web-reader/pages.js';
import { threadHref } from '../../../web-reader/reader-paths.js';
import { MAX_QUERY_CHARS } from '../../../web-reader/search-form.js';
import { HITS_PER_PAGE, searchPage, type SearchFound } from '../../../web-reader/search-page.js';
import { csrfHolds, SESSION_LIFETIME_S, verifyWebToken } from '../../../web-reader/web-tokens.js';
import { readForm, type FormLimits } from './form-body.js';
import { loginOf, newSession, originHolds, sessionCookie, type ReaderLogin } from './reader-session.js';

/** What the web reader needs: the store, the areas and the limits that posting keeps, and how it is reached. */
export interface ReaderSource {
  store: Store;
  areas: readonly AreaSetting[];
  limits: Pick<BoardConfig['limits'], 'messageLines' | 'lineLength' | 'postsPerHour' | 'mailPerHour' | 'storagePerUser'>;
  board: string;
  /** The board's web address (web.url) when the sysop set one: it decides Secure cookies and is an allowed Origin. */
  webUrl: string | null;
  /** The ssh command that prints a login link, shown in every page's header; null without an SSH port. */
  loginHint: string | null;
  log: Logger;
  form?: FormLimits;
  now?: () => Date;
}

/** Threads on one page of an area, and the deepest page offered: an area's history is read in the terminal or by newsreader past that. */
const TOPICS_PER_PAGE = 20;
const MAX_PAGE = 50;
const FORM_LIMITS: FormLimits = { maxBytes: 64 * 1024, timeoutMs: 10_000 };

/**
 * Pages that are HTML forms and links only: scripts from nowhere, styles and
 * images from here, forms posting only here. Stricter than the terminal
 * page's, which must allow the WebSocket and xterm's inline styles.
 */
const READER_CSP = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

/** Whether a path is the reader's: its pages, login links, and logout. */
/** Answers a reader path; a failure inside is one log line and a 500 page, never a thrown error. */
export function serveReader(req: IncomingMessage, res: ServerResponse, pathname: string, source: ReaderSource): void {
  res.setHeader('Content-Security-Policy', READER_CSP);
  // A browser under no-referrer sends its form posts with Origin: null, which no page of ours could be told from;
  // same-origin still sends nothing to other sites. (A login link's token never leaves: its answer is a redirect.)
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Vary', 'Cookie');
  answer(req, res, pathname, source).catch((err: unknown) => {
    source.log.error('web reader failed', { path: pathname.slice(0, 100), err });
    if (!res.headersSent) send(res, 500, noticePage(guestFrame(source), 'Something went wrong', ['The board could not answer just now. The sysop has been told; try again in a moment.']));
    else res.destroy();
  });
}

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  source: ReaderSource;
  login: ReaderLogin | null;
  frame: Frame;
  nowS: number;
}

type Route = { methods: readonly string[]; run: (r: Request, match: RegExpExecArray) => Promise<void> };

const ROUTES: ReadonlyArray<[RegExp, Route]> = [
  [/^\/read\/?$/, { methods: ['GET', 'HEAD'], run: (r) => showAreas(r) }],
  [/^\/read\/area\/([a-z0-9_-]{1,40})\/$/, { methods: ['GET', 'HEAD'], run: (r, m) => showTopics(r, m[1]!) }],
  [/^\/read\/search$/, { methods: ['GET', 'HEAD'], run: (r) => search(r) }],
  [/^\/read\/area\/([a-z0-9_-]{1,40})\/new$/, { methods: ['GET', 'HEAD', 'POST'], run: (r, m) => newThread(r, m[1]!) }],
  [/^\/read\/thread\/([1-9]\d{0,14})$/, { methods: ['GET', 'HEAD'], run: (r, m) => showThread(r, Number(m[1])) }],
  [/^\/read\/message\/([1-9]\d{0,14})$/, { methods: ['GET', 'HEAD'], run: (r, m) => showMessage(r, Number(m[1])) }],
  [/^\/read\/message\/([1-9]\d{0,14})\/reply$/, { methods: ['POST'], run: (r, m) => reply(r, Number(m[1])) }],
  [/^\/login\/([^/]{1,200})$/, { methods: ['GET', 'HEAD', 'POST'], run: (r, m) => (r.req.method === 'POST' ? logIn(r, m[1]!) : offerLogIn(r, m[1]!)) }],
  [/^\/logout$/, { methods: ['POST'], run: (r) => logOut(r) }],
];

async function answer(req: IncomingMessage, res: ServerResponse, pathname: string, source: ReaderSource): Promise<void> {
  const nowS = Math.floor((source.now?.() ?? new Date()).getTime() / 1000);
  const login = await loginOf(req, source.store, nowS);
  const frame: Frame = { board: source.board, viewer: login ? { name: login.user.name, csrf: login.csrf } : null, loginHint: source.loginHint };
  const r: Request = { req, res, source, login, frame, nowS };
  for (const [pattern, route] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    if (!route.methods.includes(req.method ?? '')) {
      res.setHeader('Allow', route.methods.join(', '));
      return send(res, 405, noticePage(frame, 'Not here', [`This address answers ${route.methods.join(' and ')} only.`]));
    }
    return route.run(r, match);
  }
  return send(res, 404, noticePage(frame, 'No such page', ['There is nothing at this address.']));
}

async function showAreas(r: Request): Promise<void> {
  const { store, areas } = r.source;
  const readable = areas.filter((a) => guestOrLevelMayRead(r.login?.user ?? null, a));
  const counts = r.login ? new Map((await store.areaReads.unreadCounts(r.login.user.id)).map((u) => [u.area, u])) : null;
  const totals = counts ? null : new Map((await store.publicMessages.areas()).map((s) => [s.area, s.count]));
  const rows = readable.map((area) => {
    const c = counts?.get(area.name);
    return { area, total: c ? c.total : (totals?.get(area.name) ?? 0), unread: counts ? (c?.unread ?? 0) : null };
  });
  send(r.res, 200, areasPage(r.frame, rows), cacheFor(r));
}

/** The area by name if this reader may read it; otherwise the page has been answered and null comes back. */
function readableArea(r: Request, name: string): AreaSetting | null {
  const area = r.source.areas.find((a) => a.name === name);
  if (!area) {
    send(r.res, 404, noticePage(r.frame, 'No such area', ['The board has no message area by that name.']));
    return null;
  }
  if (!guestOrLevelMayRead(r.login?.user ?? null, area)) {
    refuseArea(r, area);
    return null;
  }
  return area;
}

/**
 * A closed area answers 403 with a page that says why, never its content.
 * 403 rather than 404: the areas and their levels are the board's own
 * settings, listed to every caller on the terminal, so saying that the
 * area is there hides nothing, and it tells a guest that logging in helps.
 */
function refuseArea(r: Request, area: AreaSetting): void {
  const lines = r.login
    ? [`${area.title} is open to accounts of level ${area.read} and up; yours is ${r.login.user.level}.`]
    : [`${area.title} is for members: log in to read this.`, howToLogIn(r.source.loginHint)];
  send(r.res, 403, noticePage(r.frame, r.login ? 'Not open to you' : 'Log in to read this', lines));
}

async function showTopics(r: Request, name: string): Promise<void> {
  const area = readableArea(r, name);
  if (!area) return;
  const page = pageNumber(r.req.url);
  if (page === null) return send(r.res, 404, noticePage(r.frame, 'No such page', [`An area is read ${MAX_PAGE} pages deep at most.`]));
  const { store } = r.source;
  const topics = await store.publicMessages.topics(area.name, page * TOPICS_PER_PAGE + 1);
  const shown = topics.slice((page - 1) * TOPICS_PER_PAGE, page * TOPICS_PER_PAGE);
  const lastRead = r.login ? await store.areaReads.lastRead(r.login.user.id, area.name) : null;
  const rows = shown.map((t) => ({ rootId: t.root.id, subject: t.root.subject, author: t.root.authorName, replies: t.replies, lastPostedAt: t.lastPostedAt, isNew: lastRead !== null && t.lastId > lastRead }));
  const html = topicsPage(r.frame, area, rows, { page, more: topics.length > page * TOPICS_PER_PAGE && page < MAX_PAGE }, guestOrLevelMayPost(r.login?.user ?? null, area));
  send(r.res, 200, html, cacheFor(r));
}

/**
 * `/read/search?q=WORDS[&area=NAME][&before=ID]`: the messages holding all
 * the words, in the one area named or in every area this reader may read,
 * newest first, a page at a time. An area named that the reader may not
 * read answers as its own page does and is never searched. Whatever the
 * words hold, the answer is a page: a longer query is cut, and only the
 * words in it ever reach the store.
 */
async function search(r: Request): Promise<void> {
  const params = paramsOf(r.req.url);
  const areaName = params.get('area') ?? '';
  const area = areaName === '' ? null : readableArea(r, areaName);
  if (areaName !== '' && !area) return;
  const before = params.get('before');
  if (before !== null && !/^[1-9]\d{0,14}$/.test(before)) return send(r.res, 400, noticePage(r.frame, 'No such page', ['That is not a page of search results.']));
  const chars = Array.from(params.get('q') ?? '');
  const query = chars.slice(0, MAX_QUERY_CHARS).join('');
  const asked = { query, cut: chars.length > MAX_QUERY_CHARS, area, before: before === null ? undefined : Number(before) };
  let found: SearchFound = null;
  if (searchPhrases(query) !== null) {
    const scope = area ? [area] : r.source.areas.filter((a) => guestOrLevelMayRead(r.login?.user ?? null, a));
    // One more than a page tells whether there are older hits.
    const hits = await r.source.store.publicMessages.search(query, scope.map((a) => a.name), { limit: HITS_PER_PAGE + 1, beforeId: asked.before });
    const titles = new Map(scope.map((a) => [a.name, a.title]));
    found = { hits: hits.slice(0, HITS_PER_PAGE).map((hit) => ({ hit, areaTitle: titles.get(hit.message.area) ?? hit.message.area })), more: hits.length > HITS_PER_PAGE };
  }
  send(r.res, 200, searchPage(r.frame, asked, found), cacheFor(r));
}

/** The message and its area, if it exists and this reader may read it; otherwise the page has been answered. */
async function readableMessage(r: Request, id: number): Promise<{ message: PublicMessage; area: AreaSetting } | null> {
  const message = await r.source.store.publicMessages.findById(id);
  if (!message) {
    send(r.res, 404, noticePage(r.frame, 'No such message', ['The board has no message by that number.']));
    return null;
  }
  const area = readableArea(r, message.area);
  return area ? { message, area } : null;
}

async function showThread(r: Request, id: number): Promise<void> {
  const found = await readableMessage(r, id);
  if (!found) return;
  const messages = await r.source.store.publicMessages.thread(id);
  const root = messages[0];
  if (!root) return send(r.res, 404, noticePage(r.frame, 'No such message', ['The board has no message by that number.']));
  // A thread's address is its first message's: any other number is sent there, to its own anchor.
  if (root.id !== id) return redirect(r.res, threadHref(root.id, id));
  const { login } = r;
  const lastRead = login ? await r.source.store.areaReads.lastRead(login.user.id, found.area.name) : null;
  send(r.res, 200, threadPage(r.frame, found.area, messages, lastRead, guestOrLevelMayPost(login?.user ?? null, found.area)), cacheFor(r));
  // The area's one read pointer, which the terminal's new-scan and NNTP move too, passes what was shown.
  if (login && r.req.method === 'GET') await r.source.store.areaReads.markRead(login.user.id, found.area.name, Math.max(...messages.map((m) => m.id)));
}

async function showMessage(r: Request, id: number, reply?: FormState, status = 200): Promise<void> {
  const found = await readableMessage(r, id);
  if (!found) return;
  const { message, area } = found;
  const root = await rootOf(r.source.store, message);
  const mayReply = guestOrLevelMayPost(r.login?.user ?? null, area);
  const form = mayReply ? (reply ?? { subject: replySubject(message.subject), body: '' }) : null;
  send(r.res, status, messagePage(r.frame, area, message, root, form), cacheFor(r));
  if (r.login && r.req.method === 'GET') await r.source.store.areaReads.markRead(r.login.user.id, area.name, message.id);
}

async function newThread(r: Request, name: string): Promise<void> {
  const area = readableArea(r, name);
  if (!area) return;
  if (r.req.method !== 'POST') {
    if (!mayPostHere(r, area)) return;
    return send(r.res, 200, newThreadPage(r.frame, area, { subject: '', body: '' }), cacheFor(r));
  }
  const form = await checkedForm(r);
  if (!form || !mayPostHere(r, area)) return;
  const state = { subject: form.get('subject') ?? '', body: form.get('body') ?? '' };
  const posted = await postWhole(r.source, r.login!.user, { area, parentId: null, subject: state.subject, body: bodyOf(state.body, r.source.limits.lineLength) }, 'web');
  if ('error' in posted) return send(r.res, 422, newThreadPage(r.frame, area, { ...state, error: posted.error }), cacheFor(r));
  redirect(r.res, threadHref(posted.id));
}

async function reply(r: Request, parentId: number): Promise<void> {
  const found = await readableMessage(r, parentId);
  if (!found) return;
  const form = await checkedForm(r);
  if (!form || !mayPostHere(r, found.area)) return;
  const state = { subject: form.get('subject') ?? '', body: form.get('body') ?? '' };
  const posted = await postWhole(r.source, r.login!.user, { area: found.area, parentId, subject: state.subject, body: bodyOf(state.body, r.source.limits.lineLength) }, 'web');
  if ('error' in posted) return showMessage(r, parentId, { ...state, error: posted.error }, 422);
  redirect(r.res, threadHref(await rootOf(r.source.store, found.message), posted.id));
}

/** Whether this reader may post in the area; if not, the refusal has been answered. */
function mayPostHere(r: Request, area: AreaSetting): boolean {
  if (guestOrLevelMayPost(r.login?.user ?? null, area)) return true;
  const why = r.login ? `Posting in ${area.title} needs level ${area.post}; yours is ${r.login.user.level}.` : `Only accounts post. ${howToLogIn(r.source.loginHint)}`;
  send(r.res, 403, noticePage(r.frame, 'You may not post here', [why]));
  return false;
}

/**
 * A POST's form, if it came from one of this board's pages for this very
 * session: the Origin (when sent) names the board, the body is a small
 * urlencoded form that arrived in time, and its csrf field is the one bound
 * to the session cookie. Otherwise the refusal has been answered and nothing
 * was changed.
 */
async function checkedForm(r: Request): Promise<Map<string, string> | null> {
  if (!originHolds(r.req, r.source.webUrl)) {
    send(r.res, 403, noticePage(r.frame, 'Refused', ['That form was sent from another site.']));
    return null;
  }
  const form = await readForm(r.req, r.source.form ?? FORM_LIMITS);
  if (!(form instanceof Map)) {
    // The rest of a body too big or too slow is not worth reading: the connection ends with the answer.
    if (form.status === 413 || form.status === 408) r.res.setHeader('Connection', 'close');
    send(r.res, form.status, noticePage(r.frame, 'Not sent', [form.reason]));
    return null;
  }
  if (!r.login) {
    send(r.res, 403, noticePage(r.frame, 'Log in first', ['Your session has ended or was never there.', howToLogIn(r.source.loginHint)]));
    return null;
  }
  if (!csrfHolds(await linkSecret(r.source.store), r.login.sessionId, form.get('csrf'))) {
    send(r.res, 403, noticePage(r.frame, 'Refused', ['That form is not from this session: reload the page and try again.']));
    return null;
  }
  return form;
}

/**
 * A login link's account, if the link is good and not used yet; otherwise the
 * refusal has been answered. Nothing is spent here.
 */
async function loginClaim(r: Request, token: string): Promise<{ id: string; expires: number; user: User } | null> {
  const { store } = r.source;
  r.res.setHeader('Cache-Control', 'no-store');
  const verified = verifyWebToken(await linkSecret(store), 'login', token, r.nowS);
  if (!verified.ok) {
    const expired = verified.problem === 'expired';
    send(r.res, expired ? 410 : 403, noticePage(r.frame, expired ? 'This login link has expired' : 'Not a login link', [expired ? `A login link works for ten minutes. ${howToLogIn(r.source.loginHint)}` : 'This is not a login link of this board.']));
    return null;
  }
  const { claim } = verified;
  const user = await store.users.findById(claim.userId);
  if (!user || user.banned) {
    send(r.res, 403, noticePage(r.frame, 'Not a login link', ['The account this link was made for may not log in.']));
    return null;
  }
  return { id: claim.id, expires: claim.expires, user };
}

function usedAlready(r: Request): void {
  send(r.res, 410, noticePage(r.frame, 'This login link was used already', [`A login link works once. ${howToLogIn(r.source.loginHint)}`]));
}

/**
 * Following a link only shows a button: chat programs and mail scanners open
 * links to preview them, and a link spent by a preview would be useless to
 * its owner. The button posts back to the same address, which logs in.
 */
async function offerLogIn(r: Request, token: string): Promise<void> {
  const claim = await loginClaim(r, token);
  if (!claim) return;
  if (await r.source.store.webTokens.isSpent(`login:${claim.id}`)) return usedAlready(r);
  send(r.res, 200, loginPage(r.frame, claim.user.name, `${LOGIN_PATH}${token}`));
}

async function logIn(r: Request, token: string): Promise<void> {
  const { store, log } = r.source;
  // Only a page of this board may press the button: another site cannot log a browser in to an account of its choosing.
  if (!originHolds(r.req, r.source.webUrl)) return send(r.res, 403, noticePage(r.frame, 'Refused', ['That form was sent from another site.']));
  const form = await readForm(r.req, r.source.form ?? FORM_LIMITS);
  if (!(form instanceof Map)) {
    r.res.setHeader('Connection', 'close');
    return send(r.res, form.status, noticePage(r.frame, 'Not sent', [form.reason]));
  }
  const claim = await loginClaim(r, token);
  if (!claim) return;
  // Spent in the store before anything else: on every host of the board, the second use of a link finds it spent.
  if (!(await store.webTokens.spend(`login:${claim.id}`, new Date(claim.expires * 1000), new Date(r.nowS * 1000)))) {
    log.info('web login link used again', { user: claim.user.name });
    return usedAlready(r);
  }
  log.info('web login', { user: claim.user.name });
  r.res.setHeader('Set-Cookie', sessionCookie(await newSession(store, claim.user.id, r.nowS), { secure: secure(r.source), maxAgeS: SESSION_LIFETIME_S }));
  redirect(r.res, '/read/');
}

async function logOut(r: Request): Promise<void> {
  const form = await checkedForm(r);
  if (!form) return;
  const { login } = r;
  // The session is spent on every host, not only forgotten by this browser: a copy of the cookie stops working too.
  await r.source.store.webTokens.spend(`session:${login!.sessionId}`, new Date(login!.expires * 1000), new Date(r.nowS * 1000));
  r.source.log.info('web logout', { user: login!.user.name });
  r.res.setHeader('Set-Cookie', sessionCookie('', { secure: secure(r.source), maxAgeS: 0 }));
  redirect(r.res, '/read/');
}

function secure(source: ReaderSource): boolean {
  return source.webUrl?.toLowerCase().startsWith('https://') ?? false;
}

/** The first message of a message's thread. */
async function rootOf(store: Store, message: PublicMessage): Promise<number> {
  if (message.parentId === null) return message.id;
  return (await store.publicMessages.thread(message.id))[0]?.id ?? message.id;
}

/** A reply's subject, as the terminal offers it: the parent's with one "Re: " before it. */
function replySubject(subject: string | null): string {
  const s = (subject ?? '').trim();
  return (/^re:/i.test(s) ? s : `Re: ${s}`).slice(0, 60).trimEnd();
}

/** A textarea's text as a message: its line ends made LF, its long lines wrapped to the board's line length, as the terminal's editor wraps them. */
function bodyOf(text: string, lineLength: number): string {
  return wrapText(text.replace(/\r\n?/g, '\n'), lineLength).join('\n');
}

/** `?page=N` of an area's threads: 1 when not given, null past the deepest page or when not a page number. */
export function pageNumber(url: string | undefined): number | null {
  const page = paramsOf(url).get('page');
  if (page === null) return 1;
  if (!/^[1-9]\d{0,2}$/.test(page) || Number(page) > MAX_PAGE) return null;
  return Number(page);
}

/** The request's query string; invalid percent-encoding stays as typed and bytes that are not UTF-8 become U+FFFD, so it never throws. */
export function paramsOf(url: string | undefined): URLSearchParams {
  const q = url?.indexOf('?') ?? -1;
  return new URLSearchParams(q === -1 ? '' : url!.slice(q + 1));
}

/** A guest's pages may be kept by a browser and checked again; an account's never are, for what it shows is its own. */
function cacheFor(r: Request): string {
  return r.login ? 'private, no-store' : 'no-cache';
}

function guestFrame(source: ReaderSource): Frame {
  return { board: source.board, viewer: null, loginHint: source.loginHint };
}

function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', 0);
  res.end();
}

function send(res: ServerResponse, status: number, body: string, cache = 'no-store'): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', cache);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}
