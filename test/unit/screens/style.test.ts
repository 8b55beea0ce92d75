import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chalk, type ChalkInstance } from 'chalk';
import { applyPipe, applySgr, DEFAULT_STYLE, paint, paintRow, styleOf, type Style } from '../../../src/screens/style.js';
import { seededRandom } from '../../helpers/seeded-random.js';

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

/** What a terminal shows: each character that is not part of an SGR sequence, with the attributes it is drawn in, and the attributes left after it all. */
function shown(painted: string): { cells: string[]; after: string } {
  const cells: string[] = [];
  let fg = 39;
  let bg = 49;
  let bold = false;
  for (let i = 0; i < painted.length; i++) {
    const sgr = /^\x1b\[([\d;]*)m/.exec(painted.slice(i));
    if (!sgr) {
      cells.push(`${painted[i]}:${fg}/${bg}/${bold}`);
      continue;
    }
    for (const p of sgr[1] === '' ? [0] : sgr[1]!.split(';').map(Number)) {
      if (p === 0) [fg, bg, bold] = [39, 49, false];
      else if (p === 1 || p === 22) bold = p === 1;
      else if ((p >= 30 && p <= 39) || (p >= 90 && p <= 97)) fg = p;
      else if ((p >= 40 && p <= 49) || (p >= 100 && p <= 107)) bg = p;
    }
    i += sgr[0].length - 1;
  }
  return { cells, after: `${fg}/${bg}/${bold}` };
}

describe('paintRow', () => {
  const row = (chalk: ChalkInstance, ansiBbs: boolean, runs: { style: Style; text: string }[]): string => {
    const out: string[] = [];
    paintRow(chalk, ansiBbs, runs, out);
    return out.join('');
  };

  it('leaves out a reset the next colour undoes anyway, and closes the row', () => {
    const chalk = new Chalk({ level: 1 });
    assert.equal(row(chalk, false, [{ style: styleOf(9, 0), text: '[' }, { style: styleOf(14, 0), text: '1' }, { style: styleOf(9, 0), text: ']' }]), '\x1b[94m[\x1b[93m1\x1b[94m]\x1b[39m');
    // Into the default colours, the reset is the change.
    assert.equal(row(chalk, false, [{ style: styleOf(9, 0), text: '[' }, { style: DEFAULT_STYLE, text: 'Leave' }]), '\x1b[94m[\x1b[39mLeave');
  });

  it('keeps a reset the next run would not undo: bold on an ANSI-BBS terminal, a background', () => {
    const chalk = new Chalk({ level: 1 });
    assert.equal(row(chalk, true, [{ style: styleOf(9, 0), text: 'a' }, { style: styleOf(4, 0), text: 'b' }]), '\x1b[1m\x1b[34ma\x1b[39m\x1b[22m\x1b[31mb\x1b[39m');
    assert.equal(row(chalk, false, [{ style: styleOf(4, 1), text: 'a' }, { style: styleOf(4, 0), text: 'b' }]), '\x1b[31m\x1b[44ma\x1b[49m\x1b[39m\x1b[31mb\x1b[39m');
  });

  it('shows every character in the colours its run painted alone would, and leaves the default after the row', () => {
    // Through a prime: the generator's low bits alone repeat with a short period.
    const seeded = seededRandom(7);
    const rand = (n: number): number => seeded(1_000_003) % n;
    let shorter = 0;
    for (let n = 0; n < 4000; n++) {
      const chalk = new Chalk({ level: (1 + rand(3)) as 1 | 2 | 3 });
      const ansiBbs = rand(2) === 1;
      const runs = Array.from({ length: 1 + rand(8) }, () => ({ style: rand(4) === 0 ? DEFAULT_STYLE : styleOf(rand(16), rand(3) === 0 ? rand(16) : 0), text: TEXTS[rand(TEXTS.length)]! }));
      const alone = runs.map((r) => paint(chalk, ansiBbs, r.style, r.text)).join('');
      const painted = row(chalk, ansiBbs, runs);
      const why = JSON.stringify({ ansiBbs, runs, painted });
      assert.deepEqual(shown(painted).cells, shown(alone).cells, why);
      assert.equal(shown(painted).after, '39/49/false', why);
      assert.ok(painted.length <= alone.length, why);
      if (painted.length < alone.length) shorter++;
    }
    assert.ok(shorter > 200, `codes left out in ${shorter} rows`);
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
