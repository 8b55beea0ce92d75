import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk, type ChalkInstance } from 'chalk';
import { applyPipe, applySgr, DEFAULT_STYLE, paint, styleOf, type Style } from '../../../src/screens/style.js';

const COLOR_NAMES = ['black', 'blue', 'green', 'cyan', 'red', 'magenta', 'yellow', 'white'] as const;
const BG_NAMES = ['bgBlack', 'bgBlue', 'bgGreen', 'bgCyan', 'bgRed', 'bgMagenta', 'bgYellow', 'bgWhite'] as const;

/** The painting rule read plainly: chalk's chain of stylers built for the style, applied to the text. */
function chalkPaint(chalk: ChalkInstance, ansiBbs: boolean, style: Style, text: string): string {
  if (chalk.level === 0 || (style.fg === 7 && style.bg === 0)) return text;
  let c = chalk;
  const base = COLOR_NAMES[style.fg & 7]!;
  if (style.fg >= 8 && ansiBbs) c = c.bold[base];
  else if (style.fg >= 8) c = c[`${base}Bright`];
  else if (style.fg !== 7) c = c[base];
  if (style.bg !== 0) c = style.bg >= 8 && !ansiBbs ? c[`${BG_NAMES[style.bg & 7]!}Bright`] : c[BG_NAMES[style.bg & 7]!];
  return c(text);
}

const TEXTS = ['', 'x', 'MAIN MENU ', '═══', 'two\nlines', 'ends\n', 'a \x1b[0m b', '\r\n'];

describe('paint', () => {
  it('writes what chalk writes, for every style, colour level and text, ANSI-BBS or not', () => {
    let coloured = 0;
    for (const level of [0, 1, 2, 3] as const) {
      const chalk = new Chalk({ level });
      for (const ansiBbs of [false, true]) {
        for (let fg = 0; fg < 16; fg++) {
          for (let bg = 0; bg < 16; bg++) {
            for (const text of TEXTS) {
              const want = chalkPaint(chalk, ansiBbs, styleOf(fg, bg), text);
              // Twice: the second finds the codes the first kept.
              assert.equal(paint(chalk, ansiBbs, styleOf(fg, bg), text), want, JSON.stringify({ level, ansiBbs, fg, bg, text }));
              assert.equal(paint(chalk, ansiBbs, { fg, bg }, text), want);
              if (want !== text) coloured++;
            }
          }
        }
      }
    }
    assert.ok(coloured > 10_000, 'most combinations are painted');
  });
});

describe('styles', () => {
  it('are one shared object per colour pair, whichever code reached them', () => {
    assert.equal(applyPipe(DEFAULT_STYLE, 14), styleOf(14, 0));
    assert.equal(applyPipe(styleOf(14, 0), 17), styleOf(14, 1));
    assert.equal(applySgr(styleOf(3, 0), [1]), styleOf(11, 0));
    assert.equal(applySgr(styleOf(11, 4), []), DEFAULT_STYLE);
    assert.deepEqual(applySgr(DEFAULT_STYLE, [5, 31]), { fg: 4, bg: 8 });
    assert.ok(Object.isFrozen(applyPipe(DEFAULT_STYLE, 1)));
  });
});
