/**
 * What the caller's terminal can show. DOOR32.SYS emulation 0 is a plain
 * ASCII terminal: no escape sequences, no glyphs past 0x7E. Otherwise the
 * game writes UTF-8 when the locale says so, else CP437 bytes, the character
 * set of ANSI terminals on boards.
 */
export type Charset = 'ascii' | 'cp437' | 'utf8';

export function pickCharset(emulation: number, env: NodeJS.ProcessEnv): Charset {
  if (emulation === 0) return 'ascii';
  // POSIX order: LC_ALL wins over LC_CTYPE, which wins over LANG.
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale) ? 'utf8' : 'cp437';
}

export interface Glyphs {
  star: string;
  ground: string;
  /** Full and empty cells of the fuel gauge. */
  full: string;
  empty: string;
  /** Flame under the lander for a low, middle and high burn. */
  flame: [string, string, string];
  /** The lander, three columns wide: top and bottom. */
  lander: [string, string];
  /** What is left after a crash. */
  wreck: string;
}

const ASCII: Glyphs = { star: '.', ground: '#', full: '#', empty: '-', flame: ['.', ':', '*'], lander: [' _ ', '/o\\'], wreck: '*\\_/*' };
// Only glyphs CP437 has, and none of its 0x01-0x1F ones, which terminals take for controls.
const CP437: Glyphs = { star: '·', ground: '▓', full: '█', empty: '░', flame: ['░', '▒', '▓'], lander: [' ▄ ', '/█\\'], wreck: '*\\▄/*' };
// A UTF-8 terminal gets a prettier sky; everything else as CP437.
const UTF8: Glyphs = { ...CP437, star: '✦' };

export function glyphsFor(charset: Charset): Glyphs {
  return charset === 'ascii' ? ASCII : charset === 'cp437' ? CP437 : UTF8;
}

/**
 * CP437 bytes of the glyphs above. A door is a program of its own, built
 * apart from the board, so it carries just the handful it draws; any other
 * character (in a caller's name, say) becomes '?'.
 */
const CP437_BYTES: Readonly<Record<string, number>> = {
  '·': 0xfa,
  '▓': 0xb2,
  '▒': 0xb1,
  '░': 0xb0,
  '█': 0xdb,
  '▄': 0xdc,
};

/** The bytes of `text` for the caller's terminal. */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf8') return Buffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else bytes.push((charset === 'cp437' ? CP437_BYTES[ch] : undefined) ?? 0x3f);
  }
  return Buffer.from(bytes);
}
