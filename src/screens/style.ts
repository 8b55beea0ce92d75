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

export const DEFAULT_STYLE: Style = Object.freeze({ fg: 7, bg: 0 });

/** ANSI colour number (30+n) to DOS palette index and back: they order red and blue differently. */
const ANSI_TO_DOS = [0, 4, 2, 6, 1, 5, 3, 7] as const;
const COLOR_NAMES = ['black', 'blue', 'green', 'cyan', 'red', 'magenta', 'yellow', 'white'] as const;
const BG_NAMES = ['bgBlack', 'bgBlue', 'bgGreen', 'bgCyan', 'bgRed', 'bgMagenta', 'bgYellow', 'bgWhite'] as const;

export function applyPipe(style: Style, code: number): Style {
  if (code < 16) return { ...style, fg: code };
  return { ...style, bg: code - 16 };
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
  return { fg, bg };
}

export function sameStyle(a: Style, b: Style): boolean {
  return a.fg === b.fg && a.bg === b.bg;
}

/** Paint one run of text in a style for this caller. */
export function paint(chalk: ChalkInstance, ansiBbs: boolean, style: Style, text: string): string {
  if (chalk.level === 0 || sameStyle(style, DEFAULT_STYLE)) return text;
  let c = chalk;
  const base = COLOR_NAMES[style.fg & 7]!;
  const bright = style.fg >= 8;
  if (bright && ansiBbs) c = c.bold[base];
  else if (bright) c = c[`${base}Bright`];
  else if (style.fg !== 7) c = c[base];
  if (style.bg !== 0) c = style.bg >= 8 && !ansiBbs ? c[`${BG_NAMES[style.bg & 7]!}Bright`] : c[BG_NAMES[style.bg & 7]!];
  return c(text);
}
