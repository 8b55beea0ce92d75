import { signUp } from './terminal-login.js';
import { execFileSync } from 'node:child_process';
import type { TestContext } from 'node:test';
import { findTool, requireTool } from './tools.js';
import { until } from './until.js';

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

let sessions = 0;

/**
 * A real client (Debian's telnet, OpenSSH) in a tmux window of a given
 * size: tmux is the terminal emulator, so what `screen()` returns is what a
 * caller would see, drawn from every byte the client printed.
 */
export class TmuxTerminal {
  private constructor(
    private readonly server: string,
    private readonly name: string,
  ) {}

  /** Start `argv` in a detached tmux window; null (the test skipped) when tmux is missing. */
  static open(t: TestContext, argv: string[], size: { cols?: number; rows?: number } = {}): TmuxTerminal | null {
    if (!requireTool(t, findTool('tmux'), 'tmux', 'apt-get install tmux')) return null;
    const server = `bbs-doors-${process.pid}-${++sessions}`;
    const term = new TmuxTerminal(server, 'call');
    const env = ['env', 'LANG=C.UTF-8', 'LC_ALL=C.UTF-8', 'TERM=xterm-256color'];
    term.tmux('new-session', '-d', '-s', 'call', '-x', String(size.cols ?? 80), '-y', String(size.rows ?? 24), [...env, ...argv].map(quote).join(' '));
    // Keep the window when the client exits, so its last screen can still be read.
    term.tmux('set-option', '-t', 'call', 'remain-on-exit', 'on');
    t.after(() => term.close());
    return term;
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.server, '-f', '/dev/null', ...args], { timeout: 10_000 }).toString();
  }

  /** The window's rows as plain text, as the caller sees them now. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** Keys as typed (tmux key names or literal text). */
  keys(text: string, literal = true): void {
    this.tmux('send-keys', '-t', this.name, ...(literal ? ['-l', text] : [text]));
  }

  /** A line and Enter. */
  line(text: string): void {
    if (text !== '') this.keys(text);
    this.keys('Enter', false);
  }

  async waitFor(pattern: string | RegExp, timeoutMs = 20_000): Promise<string> {
    return until(
      () => `${String(pattern)} on the screen:\n${this.screen()}`,
      () => {
        const s = this.screen();
        return (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) ? s : null;
      },
      timeoutMs,
      50,
    );
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  /** The client's process id, to end it as a dropped line would. */
  pid(): number {
    return Number(this.tmux('display', '-p', '-t', this.name, '#{pane_pid}').trim());
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      /* already gone */
    }
  }
}

/** A new account from the name prompt, past the news, to the main menu, in a tmux window of any width. */
export async function signUpInTmux(c: TmuxTerminal, name: string, password = 'password1'): Promise<void> {
  await signUp({ expect: (p) => c.waitFor(p), send: (k) => c.keys(k), line: (t) => c.line(t) }, name, password, { key: 'y' });
}
