import xterm from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';
import { terminalStateSequences } from './terminal-state.js';

/** One cell as a terminal would draw it: its text and the attributes tests compare. */
interface ScreenCell {
  chars: string;
  width: number;
  fg: number;
  fgMode: number;
  bg: number;
  bgMode: number;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  blink: boolean;
  inverse: boolean;
  invisible: boolean;
}

/** Bytes written but not yet parsed past which `write` asks the writer to wait (the door's output is paused until `written()`). */
const HIGH_WATER = 256 * 1024;
/** Terminal sizes a caller may claim; anything else is clamped. */
const MAX_COLS = 500;
const MAX_ROWS = 300;

const clamp = (n: number, max: number, fallback: number): number => (Number.isFinite(n) ? Math.min(max, Math.max(1, Math.floor(n))) : fallback);

/**
 * What a door's screen looks like right now, kept beside the door so a caller
 * who comes back (or a sysop who watches) is shown it at once instead of a
 * blank terminal until the game redraws. An xterm.js without a display
 * parses the door's output (UTF-8, as the caller's terminal gets it). No
 * scrollback is kept: the model holds one screen (two with the alternate
 * screen), whatever the door writes.
 */
export class ScreenModel {
  private readonly term: xterm.Terminal;
  private readonly serializer = new SerializeAddon();
  private pending = 0;
  private disposed = false;
  /** xterm.js's own parser, called at once; null where this xterm.js lacks it (then its timed write queue is used). */
  private readonly parseNow: ((data: Uint8Array | string) => void) | null;

  constructor(cols: number, rows: number) {
    this.term = new xterm.Terminal({ cols: clamp(cols, MAX_COLS, 80), rows: clamp(rows, MAX_ROWS, 24), scrollback: 0, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
    // xterm.js's write() parses in slices of up to 12 ms once it falls behind: in the gateway's event loop, a door's
    // flood would hold every other caller's keystroke that long. A door's read (a few KiB) parsed at once costs a
    // tenth of a millisecond (70-95 MB/s), so each one is parsed as it comes, between other callers' turns.
    const core = (this.term as unknown as { _core?: { writeSync?: (data: Uint8Array | string) => void } })._core;
    this.parseNow = typeof core?.writeSync === 'function' ? (data) => core.writeSync!(data) : null;
  }

  /**
   * The door's output, parsed in order with every other write and resize.
   * False: more than a high-water mark waits to be parsed; pause the source
   * until `written()` resolves. The bytes are parsed later, so the array
   * must not be reused for other data meanwhile.
   */
  write(bytes: Uint8Array | string): boolean {
    if (this.disposed) return true;
    if (this.parseNow && this.pending === 0) {
      this.parseNow(bytes);
      return true;
    }
    const size = bytes.length;
    this.pending += size;
    this.term.write(bytes, () => (this.pending -= size));
    return this.pending <= HIGH_WATER;
  }

  /** Resolves once every write and resize made before it has reached the screen. */
  written(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.term.write('', resolve));
  }

  /** The caller's window changed; applied after the output written before it, as the caller's terminal would. */
  resize(cols: number, rows: number): void {
    if (this.disposed) return;
    if (this.parseNow && this.pending === 0) {
      this.term.resize(clamp(cols, MAX_COLS, this.term.cols), clamp(rows, MAX_ROWS, this.term.rows));
      return;
    }
    this.term.write('', () => {
      if (!this.disposed) this.term.resize(clamp(cols, MAX_COLS, this.term.cols), clamp(rows, MAX_ROWS, this.term.rows));
    });
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.term.cols, rows: this.term.rows };
  }

  /** The escape sequences that redraw the screen exactly as it stands after every write so far. */
  async repaint(): Promise<string> {
    await this.written();
    return this.disposed ? '' : this.paint();
  }

  /** The visible rows as plain text, trailing blanks trimmed, as they stand now (after `written()`, every write so far). */
  text(): string[] {
    const buffer = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  }

  /** One cell of the visible screen as it stands now (call after `written()`). */
  cell(col: number, row: number): ScreenCell | undefined {
    const buffer = this.term.buffer.active;
    const cell = buffer.getLine(buffer.viewportY + row)?.getCell(col);
    if (!cell) return undefined;
    return {
      chars: cell.getChars(),
      width: cell.getWidth(),
      fg: cell.getFgColor(),
      fgMode: cell.getFgColorMode(),
      bg: cell.getBgColor(),
      bgMode: cell.getBgColorMode(),
      bold: cell.isBold() !== 0,
      dim: cell.isDim() !== 0,
      italic: cell.isItalic() !== 0,
      underline: cell.isUnderline() !== 0,
      blink: cell.isBlink() !== 0,
      inverse: cell.isInverse() !== 0,
      invisible: cell.isInvisible() !== 0,
    };
  }

  /** Where the cursor is (0-based) and whether it shows, as it stands now. */
  cursor(): { col: number; row: number; visible: boolean } {
    const buffer = this.term.buffer.active;
    return { col: buffer.cursorX, row: buffer.cursorY, visible: !terminalStateSequences(this.term).cursorHidden };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
  }

  /**
   * Reset, clear, the main screen's rows, then the alternate screen's when a
   * full-screen door is on it (so the main screen is right when it leaves),
   * then the settings the rows do not carry, the cursor last: setting a
   * scroll region or origin mode moves it home.
   */
  private paint(): string {
    const opts = { scrollback: 0, excludeModes: true };
    const main = this.serializer.serialize({ ...opts, excludeAltBuffer: true });
    const both = this.serializer.serialize(opts);
    // The alternate screen's part begins with its switch; its first cell assumes default colours.
    const alternate = both.length > main.length ? `\x1b[0m${both.slice(main.length)}` : '';
    const modes = this.serializer.serialize({ scrollback: 0, excludeAltBuffer: true }).slice(main.length);
    const state = terminalStateSequences(this.term);
    return `\x1b[0m\x1b[r\x1b(B\x0f\x1b[?1049l\x1b[H\x1b[2J${main}${alternate}${state.scrollRegion}${modes}${this.cursorTo(state)}${state.charsets}\x1b[?25${state.cursorHidden ? 'l' : 'h'}`;
  }

  /**
   * The cursor put back absolutely. A cursor waiting to wrap after the last
   * column is left where the rows put it, which keeps the wait, unless a
   * scroll region or origin mode sent it home: then it goes to the last column.
   */
  private cursorTo(state: { scrollTop: number; scrollRegion: string }): string {
    const buffer = this.term.buffer.active;
    const origin = this.term.modes.originMode;
    const waiting = buffer.cursorX >= this.term.cols;
    if (waiting && !origin && !state.scrollRegion) return '';
    const row = buffer.cursorY - (origin ? state.scrollTop : 0) + 1;
    return `\x1b[${row};${Math.min(buffer.cursorX, this.term.cols - 1) + 1}H`;
  }
}
