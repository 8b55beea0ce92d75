import { DEFAULT_TERMINAL, saneSize, type Terminal } from '../../session/events.js';
import type { WindowSize } from './naws.js';
import { StringPool } from '../../session/string-pool.js';

/**
 * From the terminal type names a client reports to the capabilities we
 * encode for. Two families: ANSI-BBS terminals (SyncTERM and kin: CP437
 * bytes, 16 colours, 80 columns) and modern ones (UTF-8, xterm-class, colour
 * depth from the name). Nothing known means plain ANSI, UTF-8, 80x24.
 */

type Caps = Pick<Terminal, 'encoding' | 'colorLevel' | 'ansiBbs'>;

const ANSI_BBS: Caps = { encoding: 'cp437', colorLevel: 1, ansiBbs: true };
const modern = (colorLevel: Terminal['colorLevel']): Caps => ({ encoding: 'utf8', colorLevel, ansiBbs: false });

const BBS_NAMES = new Set([
  'syncterm',
  'ansi',
  'ansi-bbs',
  'bbs-ansi',
  'ansi.sys',
  'ansi.sysk',
  'ansi-color',
  'pcansi',
  'pc-ansi',
  'scoansi',
  'sco-ansi',
  'cterm',
  'netrunner',
  'mtelnet',
  'ftelnet',
  'qodem',
]);

const MODERN_PREFIXES = [
  'xterm',
  'vt1',
  'vt2',
  'vt3',
  'vt4',
  'vt5',
  'linux',
  'putty',
  'screen',
  'tmux',
  'rxvt',
  'konsole',
  'gnome',
  'vte',
  'alacritty',
  'kitty',
  'foot',
  'wezterm',
  'iterm',
  'mintty',
  'cygwin',
  'eterm',
  'st-',
  'ms-terminal',
  'contour',
  'ghostty',
  'mlterm',
  'kterm',
  'termite',
  'terminator',
  'aixterm',
  'dtterm',
  'nsterm',
  'cons25',
  'wsvt25',
  'vtnt',
];

/** Caps one name stands for, or null for a name we do not know. */
export function classifyTermType(name: string): Caps | null {
  const n = name.trim().toLowerCase();
  if (n === '') return null;
  const mtts = /^mtts (\d{1,6})$/.exec(n);
  if (mtts) return fromMtts(Number(mtts[1]));
  // Colour depth in the name beats the family: "ansi-256color" is a modern terminal naming its heritage.
  if (/-(truecolou?r|direct|24bits?)$/.test(n) || n === 'truecolor') return modern(3);
  if (/-(256|88)colou?r$/.test(n)) return modern(2);
  if (BBS_NAMES.has(n) || n.startsWith('ansi')) return ANSI_BBS;
  if (n === 'dumb') return modern(0);
  if (n === 'st' || MODERN_PREFIXES.some((p) => n.startsWith(p))) return modern(1);
  return null;
}

/**
 * MUD clients report their abilities as "MTTS <bits>" (1 ANSI, 4 UTF-8,
 * 8 256 colours, 256 truecolour): more exact than any name.
 */
function fromMtts(bits: number): Caps {
  const colorLevel = bits & 256 ? 3 : bits & 8 ? 2 : bits & 1 ? 1 : 0;
  return { encoding: 'utf8', colorLevel, ansiBbs: false };
}

/** Nearly every caller's terminal has one of a few names; each kept its own lower-cased copy while it waited. */
const TERM_NAMES = new StringPool(64, 64);

/**
 * The profile for every name a client gave, in the order given: an MTTS
 * report wins, else the first name we know (clients list their preferred name
 * first); a modern terminal gets the deepest colour any modern name promised.
 */
export function terminalFor(names: readonly string[], size?: WindowSize | null): Terminal {
  let chosen: { name: string; caps: Caps } | null = null;
  let deepest: Terminal['colorLevel'] = 0;
  for (const name of names) {
    const caps = classifyTermType(name);
    if (caps === null) continue;
    if (name.startsWith('mtts ')) {
      chosen = { name: chosen?.name ?? name, caps };
      deepest = caps.colorLevel;
      break;
    }
    chosen ??= { name, caps };
    if (!caps.ansiBbs && caps.colorLevel > deepest) deepest = caps.colorLevel;
  }
  const terminal: Terminal = { ...DEFAULT_TERMINAL, termType: TERM_NAMES.intern((chosen?.name ?? names[0] ?? '').toLowerCase()) };
  if (chosen !== null) {
    Object.assign(terminal, chosen.caps);
    if (!chosen.caps.ansiBbs) terminal.colorLevel = Math.max(chosen.caps.colorLevel, deepest) as Terminal['colorLevel'];
  }
  if (size && (size.cols > 0 || size.rows > 0)) {
    const sane = saneSize(size.cols, size.rows);
    terminal.cols = sane.cols;
    terminal.rows = sane.rows;
  }
  return terminal;
}
