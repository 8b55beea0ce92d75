import { Chalk, type ChalkInstance } from 'chalk';
import { paint, type Style } from '../../../screens/style.js';
import type { EditorViewState } from './editor-contract.js';

/**
 * How the editor's parts look for one caller: the colours of each part in
 * DOS terms (painted by screens/style.ts, so ANSI-BBS callers get bright as
 * bold and never SGR 90-97), and the glyphs of its rules and frames. Without
 * colour there is no SGR at all and the rules are plain ASCII, so a dumb
 * terminal shows clean text.
 */

export type Role = 'title' | 'label' | 'value' | 'rule' | 'text' | 'status' | 'message' | 'frame' | 'box' | 'marked';

/** One run of a row: its text and the part of the editor it belongs to. */
export interface Piece {
  text: string;
  role: Role;
  /** Drawn in reverse video (the quote window's cursor line). */
  inverse?: boolean;
}

const PALETTE: Readonly<Record<Role, Style>> = {
  title: { fg: 15, bg: 1 },
  label: { fg: 3, bg: 0 },
  value: { fg: 15, bg: 0 },
  rule: { fg: 3, bg: 0 },
  text: { fg: 7, bg: 0 },
  status: { fg: 0, bg: 7 },
  message: { fg: 15, bg: 4 },
  frame: { fg: 11, bg: 1 },
  box: { fg: 7, bg: 1 },
  marked: { fg: 14, bg: 1 },
};

interface Glyphs {
  horizontal: string;
  vertical: string;
  topLeft: string;
  topRight: string;
  bottomLeft: string;
  bottomRight: string;
  /** The rule under the header. */
  rule: string;
  /** What ends a value that was cut. */
  ellipsis: string;
}

/** Box drawing that CP437 has (0xC4 0xB3 0xDA 0xBF 0xC0 0xD9), for every colour terminal. */
const BOX_GLYPHS: Glyphs = { horizontal: '─', vertical: '│', topLeft: '┌', topRight: '┐', bottomLeft: '└', bottomRight: '┘', rule: '─', ellipsis: '…' };
const ASCII_GLYPHS: Glyphs = { horizontal: '-', vertical: '|', topLeft: '+', topRight: '+', bottomLeft: '+', bottomRight: '+', rule: '-', ellipsis: '…' };

/** One Chalk per level, shared: nothing here sets `level` on them. */
const CHALKS: ChalkInstance[] = [];
function chalkAt(level: 0 | 1 | 2 | 3): ChalkInstance {
  return (CHALKS[level] ??= new Chalk({ level }));
}

const RESET = '\x1b[0m';

export interface Painter {
  readonly glyphs: Glyphs;
  readonly colour: boolean;
  readonly ansiBbs: boolean;
  /** A row of pieces as the string sent for it: painted, and reset at its end when coloured. */
  row(pieces: readonly Piece[]): string;
}

/** One painter per look, made once: the editor asks for one at every key. */
const PAINTERS: Painter[] = [];

export function painterFor(style: EditorViewState['style']): Painter {
  return (PAINTERS[style.colorLevel * 2 + (style.ansiBbs ? 1 : 0)] ??= makePainter(style.colorLevel, style.ansiBbs));
}

function makePainter(colorLevel: 0 | 1 | 2 | 3, ansiBbs: boolean): Painter {
  const style = { colorLevel, ansiBbs };
  const chalk = chalkAt(style.colorLevel);
  const colour = style.colorLevel > 0;
  const base = colour ? BOX_GLYPHS : ASCII_GLYPHS;
  // CP437 has no '…': its stand-in "..." would take three columns where one was counted.
  const glyphs = style.ansiBbs ? { ...base, ellipsis: '...' } : base;
  return {
    glyphs,
    colour,
    ansiBbs: style.ansiBbs,
    row(pieces) {
      if (!colour) return pieces.map((p) => p.text).join('');
      const body = pieces.map((p) => {
        const painted = paint(chalk, style.ansiBbs, PALETTE[p.role], p.text);
        return p.inverse ? chalk.inverse(painted) : painted;
      });
      const joined = body.join('');
      return joined ? joined + RESET : '';
    },
  };
}
