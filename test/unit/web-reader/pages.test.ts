import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AreaSetting } from '../../../src/config/settings.js';
import type { PublicMessage } from '../../../src/store/types.js';
import { escapeHtml, html, raw } from '../../../src/web-reader/html.js';
import { areasPage, loginPage, messagePage, noticePage, threadPage, topicsPage, type Frame } from '../../../src/web-reader/pages.js';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '&lt;already escaped&gt;',
  '</textarea><script>x()</script>',
  '\x1b[2J\x1b]0;title\x07',
  '\u202Eevil\u202C',
  '{{user}} |14pipe',
];

const area: AreaSetting = { name: 'general', title: 'Gen<b>eral', description: 'All & "sundry"', read: 'new', post: 'new' };
const guest: Frame = { board: 'Board<i>', viewer: null, loginHint: 'ssh -p 2222 NAME@host web' };
const member: Frame = { board: 'Board', viewer: { name: '<Admin>', csrf: 'tok"en' }, loginHint: null };

function message(id: number, text: string, parentId: number | null = null): PublicMessage {
  return { id, authorId: 1, authorName: text, createdAt: new Date('2024-05-01T12:00:00Z'), body: `${text}\nsecond ${text}`, area: 'general', subject: text, parentId };
}

/** No tag, attribute or entity of a page comes from user text: every < & and quote in it is escaped, every control byte shown as text. */
function assertInert(page: string, hostile: string): void {
  assert.ok(!page.includes(hostile) || escapeHtml(hostile) === hostile, `raw text found: ${hostile}`);
  assert.doesNotMatch(page, /<script|<img/i);
  assert.doesNotMatch(page, /=alert\(1\)"|' onmouseover='/, 'no quote of user text closes an attribute');
  assert.doesNotMatch(page, /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]/, 'no control character reaches the page');
}

test('every page escapes names, subjects and bodies, whatever they hold', () => {
  for (const h of HOSTILE) {
    const m = message(5, h);
    const pages = [
      threadPage(guest, area, [m, message(6, h, 5)], null, false),
      threadPage(member, area, [m], 0, true),
      messagePage(member, area, m, 5, { subject: h, body: h, error: h }),
      topicsPage(member, area, [{ rootId: 5, subject: h, author: h, replies: 1, lastPostedAt: m.createdAt, isNew: true }], { page: 1, more: true }, true),
      areasPage(guest, [{ area: { ...area, title: h, description: h }, total: 1, unread: null }]),
      noticePage(guest, h, [h]),
    ];
    for (const p of pages) assertInert(p, h);
  }
});

test('the escaping is exact: the text comes back as it was written, control characters as caret text', () => {
  const page = threadPage(guest, area, [message(5, '<b>"Tom" & \'Jerry\'</b>\x1b[31m')], null, false);
  assert.ok(page.includes('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;^[[31m'));
  assert.ok(page.includes('Board&lt;i&gt;'), 'the board name too');
});

test('a guest page names how to log in and offers no form; an account page carries its CSRF token in every form', () => {
  const forGuest = messagePage(guest, area, message(5, 'hi'), 5, null);
  assert.doesNotMatch(forGuest, /<form/);
  assert.match(forGuest, /ssh -p 2222 NAME@host web/);
  const forMember = messagePage(member, area, message(5, 'hi'), 5, { subject: 'Re: hi', body: '' });
  const forms = forMember.match(/<form[\s\S]*?<\/form>/g) ?? [];
  assert.equal(forms.length, 2, 'log out and reply');
  for (const f of forms) {
    assert.match(f, /method="post"/);
    assert.ok(f.includes('<input type="hidden" name="csrf" value="tok&quot;en">'), f);
  }
});

test('pages have a language, one h1, landmarks and labelled fields', () => {
  const p = messagePage(member, area, message(5, 'hi'), 5, { subject: 'Re: hi', body: '' });
  assert.match(p, /<html lang="en">/);
  assert.equal(p.match(/<h1>/g)?.length, 1);
  for (const landmark of ['<header', '<nav', '<main', '<footer']) assert.ok(p.includes(landmark), landmark);
  for (const id of ['subject', 'body']) assert.match(p, new RegExp(`<label for="${id}">`));
  assert.match(p, /<meta name="viewport"/);
});

test('the template escapes plain strings and leaves only marked markup raw', () => {
  assert.equal(html`<p>${'<b>'}</p>`.html, '<p>&lt;b&gt;</p>');
  assert.equal(html`<p>${raw('<b>')}</p>`.html, '<p><b></p>');
  assert.equal(html`<p>${['<', raw('>')]}</p>`.html, '<p>&lt;></p>');
  assert.equal(html`<p>${null}${undefined}${false}${3}</p>`.html, '<p>3</p>');
});

test("a public area's page names its feeds in <head> and by a visible link; a members' area names none", () => {
  const open = topicsPage(guest, area, [], { page: 1, more: false }, false);
  const head = open.slice(0, open.indexOf('</head>'));
  assert.ok(head.includes('<link rel="alternate" type="application/atom+xml" title="Gen&lt;b&gt;eral (Atom)" href="/feeds/general.atom">'), head);
  assert.ok(head.includes('<link rel="alternate" type="application/rss+xml" title="Gen&lt;b&gt;eral (RSS)" href="/feeds/general.rss">'));
  assert.match(open, /<a href="\/feeds\/general\.atom" type="application\/atom\+xml">Feed<\/a>/);
  assert.match(open, /<form class="search" role="search" method="get" action="\/read\/search">[\s\S]*<input type="hidden" name="area" value="general">/, 'a search box for the area');
  const closed = topicsPage(member, { ...area, name: 'members', read: 'member' }, [], { page: 1, more: false }, true);
  assert.doesNotMatch(closed, /\/feeds\/|rel="alternate"/);
  assert.match(closed, /role="search"/);
  assert.match(areasPage(guest, [{ area, total: 1, unread: null }]), /<label for="q">Search every area you may read<\/label>/, 'the areas page searches them all');
});

test("a login link's page names the account, escaped, and logs in only by its button, posting back to the link", () => {
  const body = loginPage(guest, 'Eve<script>', '/login/abc_DEF-123');
  assert.doesNotMatch(body, /<script>/);
  assert.match(body, /<h1>Log in as Eve&lt;script&gt;<\/h1>/);
  assert.match(body, /<form class="login" method="post" action="\/login\/abc_DEF-123"><button type="submit">Log in as Eve&lt;script&gt;<\/button><\/form>/);
  assert.match(body, /Board&lt;i&gt;/);
});
