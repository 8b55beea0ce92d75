import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk, type ChalkInstance } from 'chalk';
import { ArtLibrary } from '../../../src/screens/art-library.js';
import { tokenizeArt } from '../../../src/screens/art-tokens.js';
import { linesOf } from '../../../src/screens/art-lines.js';
import { renderArt, type ArtTemplate, type Vars } from '../../../src/screens/render.js';
import { textBlock } from '../../../src/screens/text-block.js';
import { DEFAULT_TERMINAL, type Terminal } from '../../../src/session/events.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const CLEAR = '\x1b[2J\x1b[H';

/**
 * The art drawn whole, by one placer from its first token to its last: a
 * clear-screen code put in front makes the renderer take that path, and its
 * codes are taken off again.
 */
function renderWhole(tpl: ArtTemplate, vars: Vars, term: Terminal, chalk: ChalkInstance): string {
  const text = renderArt({ ...tpl, tokens: [{ t: 'clear' }, ...tpl.tokens] }, vars, term, chalk);
  return chalk.level > 0 ? text.slice(CLEAR.length) : text;
}

/** Values for every variable an art names, random in kind and length; some left out (drawn as their name). */
function randomVars(tpl: ArtTemplate, rand: (n: number) => number): Vars {
  const vars: Record<string, Vars[string]> = {};
  const words = ['Ann', 'a somewhat longer value that may well need wrapping on a narrow terminal', '═══', '7', '', 'Grüße 😀'];
  for (const tok of tpl.tokens) {
    if (tok.t !== 'var' || rand(10) === 0) continue;
    const pick = rand(8);
    vars[tok.name] = pick === 0 ? rand(1000) : pick === 1 ? textBlock(`${words[rand(words.length)]}\nsecond row\n`) : words[rand(words.length)]!;
  }
  return vars;
}

const SHAPES: readonly Terminal[] = [20, 40, 79, 80, 132].flatMap((cols) => [
  { ...DEFAULT_TERMINAL, cols },
  { ...DEFAULT_TERMINAL, cols, ansiBbs: true, encoding: 'cp437' as const },
]);

describe('art drawn a line at a time, its fixed lines kept per terminal shape', () => {
  it('draws every screen of the default art exactly as drawing it whole does, first and again', async () => {
    const art = await ArtLibrary.load(['art/default']);
    const rand = seededRandom(11);
    let screens = 0;
    let cut = 0;
    for (const name of art.names()) {
      const tpl = art.get(name);
      if (linesOf(tpl) !== null) cut++;
      for (const term of SHAPES) {
        for (const level of [0, 1, 3]) {
          const chalk = new Chalk({ level: level as 0 | 1 | 3 });
          // Twice with other values: the second drawing reuses the fixed lines the first kept.
          for (let n = 0; n < 2; n++) {
            const vars = randomVars(tpl, rand);
            assert.equal(renderArt(tpl, vars, term, chalk), renderWhole(tpl, vars, term, chalk), `${name} at ${term.cols} columns, level ${level}`);
          }
        }
      }
      screens++;
    }
    assert.ok(screens > 150, 'the whole default theme');
    assert.ok(cut > 150, 'nearly every screen is drawn a line at a time');
  });

  it('keeps the rows of edge cases: empty art, a last line end, empty lines, colour carried over, wraps at the drawn width', () => {
    const chalk = new Chalk({ level: 1 });
    const cases = ['', '\n', 'a\n', '\n\nb', '|14one\ntwo|17 {{x}}\nthree', '{{x}}\n\n', '|09' + '═'.repeat(90) + '\n{{x}}'];
    for (const src of cases) {
      for (const drawnWidth of [null, 40]) {
        const tpl: ArtTemplate = { name: `case ${src}`, tokens: tokenizeArt(src), drawnWidth };
        for (const term of SHAPES) {
          for (const x of ['v', textBlock('b1\nb2'), undefined]) {
            const vars: Vars = x === undefined ? {} : { x };
            assert.equal(renderArt(tpl, vars, term, chalk), renderWhole(tpl, vars, term, chalk), JSON.stringify({ src, drawnWidth, cols: term.cols }));
          }
        }
      }
    }
  });

  it('draws a fixed line once per terminal shape and only the lines with variables after that', () => {
    const tokens = tokenizeArt('|09══ MENU ══\n|07Online {{online}}\n|08bottom rule');
    let walked = 0;
    const tpl = {
      name: 'walked',
      drawnWidth: null,
      get tokens() {
        walked++;
        return tokens;
      },
    } as ArtTemplate;
    const chalk = new Chalk({ level: 1 });
    const wide = { ...DEFAULT_TERMINAL, cols: 80 };
    const first = renderArt(tpl, { online: 3 }, wide, chalk);
    const before = walked;
    const second = renderArt(tpl, { online: 4 }, wide, chalk);
    // The middle line's tokens: its colour code, its text and its variable.
    assert.equal(walked - before, 3, 'only the line with the variable is placed again');
    assert.equal(second, first.replace('Online 3', 'Online 4'));
    const beforeNarrow = walked;
    renderArt(tpl, { online: 4 }, { ...wide, cols: 40 }, chalk);
    assert.ok(walked - beforeNarrow > 3, 'another width draws its fixed lines for itself');
  });

  it('cuts art into lines with the colour each starts in, and leaves art with a clear-screen code whole', () => {
    const lines = linesOf({ name: 'cut', tokens: tokenizeArt('|14a\n{{x}}|17\nc'), drawnWidth: null })!;
    assert.deepEqual(
      lines.map((l) => [l.fixed, l.style.fg, l.style.bg]),
      [
        [true, 7, 0],
        [false, 14, 0],
        [true, 14, 1],
      ],
    );
    assert.equal(linesOf({ name: 'clears', tokens: tokenizeArt('a\n\x1b[2Jb'), drawnWidth: null }), null);
  });
});
