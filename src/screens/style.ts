import type { ChalkInstance } from 'chalk';

/**
 * Colour state in DOS terms (what BBS art is drawn in): a foreground of
 * 0-15 and a background of 0-7 (0-15 with iCE colours). It is rendered per
 * caller: bright colours as SGR 90-97 on modern terminals, as bold on
 * ANSI-BBS ones (SyncTERM lacks 90-97), and not at all without colour.
 */
export interface Style {
  readonly fg: number;
  readonly bg: number;
}

/** ANSI colour number (30+n) to DOS palette index and back: they order red and blue differently. */
const ANSI_TO_DOS = [0, 4, 2, 6, 1, 5, 3, 7] as const;
const COLOR_NAMES = ['black', 'blue', 'green', 'cyan', 'red', 'magenta', 'yellow', 'white'] as const;
const BG_NAMES = ['bgBlack', 'bgBlue', 'bgGreen', 'bgCyan', 'bgRed', 'bgMagenta', 'bgYellow', 'bgWhite'] as const;

/**
 * Every style there is, made once: a screen changes colour at each pipe code,
 * and a new object for each change was a sixth of what drawing a menu afresh
 * left as garbage. Styles are values; a shared one is never changed.
 */
const STYLES: readonly Style[] = Array.from({ length: 256 }, (_, i) => Object.freeze({ fg: i >> 4, bg: i & 15 }));

/** The one object for a foreground of 0-15 and a background of 0-15. */
export function styleOf(fg: number, bg: number): Style {
  return STYLES[((fg & 15) << 4) | (bg & 15)]!;
}

export const DEFAULT_STYLE: Style = styleOf(7, 0);

export function applyPipe(style: Style, code: number): Style {
  return code < 16 ? styleOf(code, style.bg) : styleOf(style.fg, code - 16);
}

export function applySgr(style: Style, params: readonly number[]): Style {
  let { fg, bg } = style;
  for (const p of params.length ? params : [0]) {
    if (p === 0) ({ fg, bg } = DEFAULT_STYLE);
    else if (p === 1) fg |= 8;
    else if (p === 22) fg &= 7;
    // Blink in PC art means a bright background (iCE colours): nobody wants text blinking.
    else if (p === 5 || p === 6) bg |= 8;
    else if (p === 25) bg &= 7;
    else if (p >= 30 && p <= 37) fg = (fg & 8) | ANSI_TO_DOS[p - 30]!;
    else if (p === 39) fg = (fg & 8) | 7;
    else if (p >= 40 && p <= 47) bg = ANSI_TO_DOS[p - 40]!;
    else if (p === 49) bg = 0;
    else if (p >= 90 && p <= 97) fg = 8 | ANSI_TO_DOS[p - 90]!;
    else if (p >= 100 && p <= 107) bg = 8 | ANSI_TO_DOS[p - 100]!;
  }
  return styleOf(fg, bg);
}

export function sameStyle(a: Style, b: Style): boolean {
  return a.fg === b.fg && a.bg === b.bg;
}

/** Paint one run of text in a style for this caller. */
export function paint(chalk: ChalkInstance, ansiBbs: boolean, style: Style, text: string): string {
  if (!coded(chalk, style, text)) return text;
  // Text with a line break or an escape of its own goes through chalk, which closes and reopens around them.
  if (!plain(text)) return stylerFor(chalk, ansiBbs, style)(text);
  const [open, close] = codesFor(chalk, ansiBbs, style);
  return open + text + close;
}

/** A row's runs, painted one after another into `out`. */
export function paintRow(chalk: ChalkInstance, ansiBbs: boolean, runs: readonly { style: Style; text: string }[], out: string[]): void {
  for (let k = 0; k < runs.length; k++) {
    const { style, text } = runs[k]!;
    if (!coded(chalk, style, text) || !plain(text)) {
      out.push(paint(chalk, ansiBbs, style, text));
      continue;
    }
    const [open, close] = codesFor(chalk, ansiBbs, style);
    // A run's closing codes are left out when the next run's opening ones set
    // everything they would reset (its closing codes are the same: the same
    // kinds of attribute). A menu changes colour at almost every word, and a
    // reset with a colour straight after it was a seventh of its text. The
    // row's last run still closes, so no colour leaks past the row.
    const next = runs[k + 1];
    const carried = next !== undefined && coded(chalk, next.style, next.text) && plain(next.text) && codesFor(chalk, ansiBbs, next.style)[1] === close;
    out.push(carried ? open + text : open + text + close);
  }
}

/** Whether a run gets codes at all: not without colour, not empty, not in the default colours. */
function coded(chalk: ChalkInstance, style: Style, text: string): boolean {
  return chalk.level !== 0 && text !== '' && !sameStyle(style, DEFAULT_STYLE);
}

/**
 * Plain text takes the style's codes as chalk writes them, found once: chalk
 * builds its chain of stylers anew on every call.
 */
function plain(text: string): boolean {
  return !text.includes('\n') && !text.includes('\x1b');
}

function stylerFor(chalk: ChalkInstance, ansiBbs: boolean, style: Style): ChalkInstance {
  let c = chalk;
  const base = COLOR_NAMES[style.fg & 7]!;
  const bright = style.fg >= 8;
  if (bright && ansiBbs) c = c.bold[base];
  else if (bright) c = c[`${base}Bright`];
  else if (style.fg !== 7) c = c[base];
  if (style.bg !== 0) c = style.bg >= 8 && !ansiBbs ? c[`${BG_NAMES[style.bg & 7]!}Bright`] : c[BG_NAMES[style.bg & 7]!];
  return c;
}

/** A style's opening and closing codes, per colour level and ANSI-BBS or not: 4 x 2 x 256 pairs at most. */
const CODES = new Map<number, readonly [string, string]>();
const MARK = '\u0000';

function codesFor(chalk: ChalkInstance, ansiBbs: boolean, style: Style): readonly [string, string] {
  const key = (chalk.level << 9) | (ansiBbs ? 256 : 0) | (style.fg << 4) | style.bg;
  let codes = CODES.get(key);
  if (!codes) {
    const painted = stylerFor(chalk, ansiBbs, style)(MARK);
    const at = painted.indexOf(MARK);
    codes = [painted.slice(0, at), painted.slice(at + MARK.length)];
    CODES.set(key, codes);
  }
  return codes;
}
