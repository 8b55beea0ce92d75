import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk } from 'chalk';
import { artMarkup, markupAsPlainText, spliceMarkup } from '../../../src/screens/art-markup.js';
import { tokenizeArt } from '../../../src/screens/art-tokens.js';
import { renderArt, type ArtTemplate } from '../../../src/screens/render.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';

const frame: ArtTemplate = { name: 'motd', tokens: tokenizeArt('|09[\n{{motd}}\n|09]'), drawnWidth: null };
const draw = (tpl: ArtTemplate, vars: Record<string, unknown>): string => renderArt(tpl, vars as never, { ...DEFAULT_TERMINAL, colorLevel: 1 }, new Chalk({ level: 1 }));

test("the sysop's markup is drawn as art inside the screen: colours, variables, rows, and the frame keeps its own colour", () => {
  const vars = { user: 'Ann', motd: artMarkup('|04Hi {{user}}\nsecond row') };
  const spliced = spliceMarkup(frame, vars);
  assert.ok(spliced);
  assert.equal(draw(spliced, vars), '\x1b[94m[\x1b[39m\n\x1b[31mHi Ann\x1b[39m\n\x1b[31msecond row\x1b[39m\n\x1b[94m]\x1b[39m');
  assert.equal(spliceMarkup(frame, { motd: 'plain text' }), null, 'a plain value is no markup');
});

test('markup commands no terminal: escapes are shown, and markup naming markup is not spliced into itself', () => {
  const vars = { motd: artMarkup('a\x1b]0;title\x07b {{motd}}') };
  const out = draw(spliceMarkup(frame, vars)!, vars);
  assert.ok(out.includes('a^[]0;title^Gb {{motd}}'), out);
  assert.ok(!out.includes('\x1b]'), 'no OSC reaches the terminal');
});

test('markup as plain words for a reader with no terminal', () => {
  assert.equal(markupAsPlainText('|14Hi {{user}},\n|07see {{unknown}}', { user: 'guest' }), 'Hi guest,\nsee {{unknown}}');
});
