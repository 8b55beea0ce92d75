import type { SessionIO } from '../session/io.js';

/**
 * Pages long output with a --More-- prompt sized to the caller's terminal.
 * `write` returns false once the caller has asked to stop.
 */
export class Pager {
  private used = 0;
  private stopped = false;

  constructor(private readonly io: SessionIO) {}

  get wasStopped(): boolean {
    return this.stopped;
  }

  /** Show rendered text, pausing whenever a screenful has gone by. */
  async write(text: string): Promise<boolean> {
    if (this.stopped) return false;
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

  /** Ask whether to go on; resets the page. */
  async more(): Promise<boolean> {
    const answer = await this.io.prompt('more', { mode: 'key', pchar: '', maxLength: 1 });
    this.used = 0;
    if (/^[qn]/i.test(answer.trim())) this.stopped = true;
    return !this.stopped;
  }

  /** Rows of output that fit above the --More-- prompt. */
  private pageRows(): number {
    return Math.max(this.io.session.terminal.rows - 2, 3);
  }
}
