import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { tokenizeArt } from '../../../src/screens/art-tokens.js';
import { RenderCache } from '../../../src/screens/render-cache.js';
import { renderArt, type ArtTemplate } from '../../../src/screens/render.js';
import { DEFAULT_TERMINAL, type Terminal } from '../../../src/session/events.js';

/** A template that counts how often its tokens are walked: a render walks them, a reuse does not. */
function countedArt(name: string, markup: string): { art: ArtTemplate; walks: () => number } {
  const tokens = tokenizeArt(markup);
  let walks = 0;
  const art = {
    name,
    drawnWidth: null,
    get tokens() {
      walks++;
      return tokens;
    },
  } as ArtTemplate;
  return { art, walks: () => walks };
}

const term: Terminal = { ...DEFAULT_TERMINAL };
const colour = new Chalk({ level: 3 });

void test('a screen drawn again for the same caller with the same values is reused, and equals a fresh render', () => {
  const cache = new RenderCache();
  const { art, walks } = countedArt('menu', '|09Hello {{user}}, {{unread:>3}} new|07\n');
  const caller = {};
  const first = cache.render(caller, art, { user: 'Ann', unread: 2, other: 'x' }, term, colour);
  const after = walks();
  const again = cache.render(caller, art, { user: 'Ann', unread: 2, other: 'changed, but unused' }, term, colour);
  assert.equal(walks(), after, 'no second render');
  assert.equal(again, first);
  assert.equal(first, renderArt(art, { user: 'Ann', unread: 2 }, term, colour));
});

void test('anything that shapes the screen renders it afresh', () => {
  const cache = new RenderCache();
  const { art, walks } = countedArt('menu', '|09Hello {{user}}, {{unread:>3}} new|07 and a long line to crop at narrow widths\n');
  const caller = {};
  const vars = { user: 'Ann', unread: 2 };
  const cases: Array<[string, () => string, string]> = [
    ['a used value', () => cache.render(caller, art, { ...vars, unread: 3 }, term, colour), renderArt(art, { ...vars, unread: 3 }, term, colour)],
    ['the width', () => cache.render(caller, art, vars, { ...term, cols: 20 }, colour), renderArt(art, vars, { ...term, cols: 20 }, colour)],
    ['the profile', () => cache.render(caller, art, vars, { ...term, ansiBbs: true }, colour), renderArt(art, vars, { ...term, ansiBbs: true }, colour)],
    ['the colour level', () => cache.render(caller, art, vars, term, new Chalk({ level: 0 })), renderArt(art, vars, term, new Chalk({ level: 0 }))],
  ];
  cache.render(caller, art, vars, term, colour);
  for (const [what, draw, expected] of cases) {
    const before = walks();
    assert.equal(draw(), expected, what);
    assert.ok(walks() > before, `${what} changed: rendered again`);
    cache.render(caller, art, vars, term, colour);
  }
});

void test('callers given the same values share one text, others draw their own, new art is drawn, and long values are not kept', () => {
  const cache = new RenderCache();
  const { art, walks } = countedArt('menu', 'Hi {{user}}\n');
  const one = {};
  const two = {};
  const three = {};
  const bob = renderArt(art, { user: 'Bob' }, term, colour);
  const ann = cache.render(one, art, { user: 'Ann' }, term, colour);
  let before = walks();
  assert.equal(cache.render(two, art, { user: 'Ann' }, term, colour), ann, 'the same values: the very same text');
  assert.equal(walks(), before, 'and not drawn again');
  assert.equal(cache.render(three, art, { user: 'Bob' }, term, colour), bob);
  assert.ok(walks() > before, 'other values are drawn');
  before = walks();
  assert.equal(cache.render(one, art, { user: 'Ann' }, term, colour), ann, 'each caller keeps their own');
  assert.equal(cache.render(three, art, { user: 'Bob' }, term, colour), bob);
  assert.equal(walks(), before);
  const narrow = { ...term, cols: 40 };
  cache.render(two, art, { user: 'Bob' }, narrow, colour);
  assert.ok(walks() > before, 'another terminal shape is drawn for itself');

  const reloaded = countedArt('menu', 'Hello again {{user}}\n');
  assert.equal(cache.render(one, reloaded.art, { user: 'Ann' }, term, colour), renderArt(reloaded.art, { user: 'Ann' }, term, colour));

  const body = 'x'.repeat(5000);
  const page = countedArt('page', '{{body}}\n');
  cache.render(one, page.art, { body }, term, colour);
  before = page.walks();
  assert.equal(cache.render(one, page.art, { body }, term, colour), renderArt(page.art, { body }, term, colour));
  assert.ok(page.walks() > before, 'a screen keyed by a message body is rendered each time');
});

void test('a caller keeps the last few screens, not every one', () => {
  const cache = new RenderCache();
  const caller = {};
  // A variable in each: a line without one is drawn once per terminal shape for everyone (art-lines.ts), so only a line with one shows a render.
  const screens = Array.from({ length: 9 }, (_, i) => countedArt(`s${i}`, `screen ${i} {{user}}\n`));
  for (const s of screens) cache.render(caller, s.art, { user: 'Ann' }, term, colour);
  const last = screens[8]!;
  let before = last.walks();
  cache.render(caller, last.art, { user: 'Ann' }, term, colour);
  assert.equal(last.walks(), before, 'the newest is kept');
  const first = screens[0]!;
  // Another caller draws it with other values, so only this caller's own copy could save a drawing.
  cache.render({}, first.art, { user: 'Bob' }, term, colour);
  before = first.walks();
  cache.render(caller, first.art, { user: 'Ann' }, term, colour);
  assert.ok(first.walks() > before, 'the oldest was let go');
});

void test('a screen shown again is found by its values alone: the whole set of variables is built only to draw it', () => {
  const cache = new RenderCache();
  const { art } = countedArt('menu', 'Hi {{user}}, {{unread}} new\n');
  const caller = {};
  let built = 0;
  const vars: Record<string, string | number> = { user: 'Ann', unread: 2 };
  const draw = (): string =>
    cache.renderWith(caller, art, (name) => vars[name], () => (built++, { ...vars }), term, colour);
  const first = draw();
  assert.equal(built, 1);
  assert.equal(draw(), first);
  assert.equal(built, 1, 'reused without building the variables');
  vars.unread = 3;
  assert.equal(draw(), renderArt(art, { user: 'Ann', unread: 3 }, term, colour));
  assert.equal(built, 2, 'a changed value draws it afresh');
});
