import type { SessionIO } from '../session/io.js';
import { pressEnter } from './menu-input.js';

/**
 * Pages long output with a --More-- prompt sized to the caller's terminal.
 * `write` returns false once the caller has asked to stop; `end` holds the
 * last page on screen before whatever the board draws next.
 */
export class Pager {
  private used = 0;
  private stopped = false;
  private started = false;
  /** The listing ran past one screen at least once. */
  private paged = false;

  constructor(private readonly io: SessionIO) {}

  get wasStopped(): boolean {
    return this.stopped;
  }

  /** Show rendered text, pausing whenever a screenful has gone by. */
  async write(text: string): Promise<boolean> {
    if (this.stopped) return false;
    // A listing replaces the view: its first page starts on a clean screen (where the terminal has one to clear).
    if (!this.started) {
      this.started = true;
      this.io.clearScreen();
    }
    let rows = text.split('\n');
    while (rows.length) {
      const room = Math.max(this.pageRows() - this.used, 1);
      const chunk = rows.slice(0, room);
      rows = rows.slice(room);
      this.io.print(chunk.join('\n'));
      this.used += chunk.length;
      if (this.used >= this.pageRows() && !(await this.more())) return false;
    }
    return true;
  }

  /**
   * The listing is over. When it filled the screen (it paged, or its last
   * page takes more than half the rows, where the menu that follows would
   * push it off the top unread), wait for a key before anything else is
   * drawn. Nothing to wait for when the caller stopped it or a --More--
   * has just been answered.
   */
  async end(): Promise<void> {
    if (this.stopped || this.used === 0) return;
    if (!this.paged && this.used * 2 < this.pageRows()) return;
    await pressEnter(this.io);
    this.used = 0;
  }

  /** Ask whether to go on; resets the page. */
  async more(): Promise<boolean> {
    const answer = await this.io.prompt('more', { mode: 'key', pchar: '', maxLength: 1 });
    this.used = 0;
    this.paged = true;
    if (/^[qn]/i.test(answer.trim())) this.stopped = true;
    return !this.stopped;
  }

  /** Rows of output that fit above the --More-- prompt. */
  private pageRows(): number {
    return Math.max(this.io.session.terminal.rows - 2, 3);
  }
}
