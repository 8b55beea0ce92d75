import type { Terminal } from '@xterm/headless';

/**
 * What the serializer of @xterm/headless leaves out of a screen but a door
 * relies on after a repaint: whether the cursor is hidden, the scroll region
 * (a game's status lines stay put while its map scrolls) and the line-drawing
 * character set. xterm.js keeps them only in its internals, so they are read
 * through optional chains: a later xterm.js that moves them makes a repaint
 * less complete, never a crash.
 */
interface XtermInternals {
  _core?: {
    coreService?: { isCursorHidden?: boolean };
    _bufferService?: { buffer?: { scrollTop?: number; scrollBottom?: number } };
    _charsetService?: { glevel?: number; _charsets?: (Record<string, string> | undefined)[] };
  };
}

/** The escape sequences that restore those settings, written after the screen's content. */
export function terminalStateSequences(term: Terminal): { scrollTop: number; scrollRegion: string; charsets: string; cursorHidden: boolean } {
  const core = (term as unknown as XtermInternals)._core;
  const buffer = core?._bufferService?.buffer;
  const top = buffer?.scrollTop ?? 0;
  const bottom = buffer?.scrollBottom ?? term.rows - 1;
  const scrollRegion = top !== 0 || bottom !== term.rows - 1 ? `\x1b[${top + 1};${bottom + 1}r` : '';
  return { scrollTop: top, scrollRegion, charsets: charsetSequences(core?._charsetService), cursorHidden: core?.coreService?.isCursorHidden === true };
}

/** G0-G3 designations of DEC line drawing (told by its 'q' being a horizontal line), then the shift that picks the set in use. */
function charsetSequences(service: { glevel?: number; _charsets?: (Record<string, string> | undefined)[] } | undefined): string {
  if (!service) return '';
  const designators = ['(', ')', '*', '+'];
  let out = '';
  service._charsets?.forEach((set, g) => {
    if (set?.['q'] === '\u2500' && designators[g]) out += `\x1b${designators[g]}0`;
  });
  const shifts = ['', '\x0e', '\x1bn', '\x1bo'];
  return out + (shifts[service.glevel ?? 0] ?? '');
}
