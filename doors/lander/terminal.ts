import { encodeText, type Charset } from './charset.js';
import { KeyReader, type Key } from './keys.js';

export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
export const RESET = '\x1b[0m';

/**
 * The caller's terminal: our stdin and stdout, which the board connects to
 * the caller through a pseudo-terminal. Raw mode gives every key at once
 * and no echo of its own, so the game echoes what it takes.
 */
export class DoorTerminal {
  private readonly keys = new KeyReader();
  private onData: ((bytes: Buffer) => void) | null = null;
  private onResize: (() => void) | null = null;
  private restored = false;

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
    readonly charset: Charset,
  ) {}

  get ansi(): boolean {
    return this.charset !== 'ascii';
  }

  /** The window; 80x24 when stdout is not a terminal or does not say. */
  size(): { cols: number; rows: number } {
    return { cols: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  start(onKey: (key: Key) => void, onResize: () => void, onGone: () => void): void {
    if (this.input.isTTY) this.input.setRawMode(true);
    this.onData = (bytes) => this.keys.read(bytes).forEach(onKey);
    this.onResize = onResize;
    this.input.on('data', this.onData);
    // Input ending or output failing (EIO, EPIPE) is the caller hanging up.
    this.input.once('end', onGone);
    this.output.on('error', onGone);
    this.output.on('resize', this.onResize);
    this.input.resume();
  }

  write(text: string): void {
    if (this.restored || this.output.destroyed) return;
    this.output.write(encodeText(text, this.charset));
  }

  /** Colours off, cursor on, cooked mode back: the terminal as the game found it. Safe to call twice. */
  restore(): void {
    if (this.restored) return;
    if (this.ansi) this.write(RESET + SHOW_CURSOR);
    this.restored = true;
    if (this.onData) this.input.off('data', this.onData);
    if (this.onResize) this.output.off('resize', this.onResize);
    try {
      if (this.input.isTTY) this.input.setRawMode(false);
    } catch {
      // The terminal is already gone (hang-up): nothing to restore.
    }
    this.input.pause();
  }
}
