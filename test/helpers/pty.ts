import { spawn, type ChildProcess } from 'node:child_process';
import { stripAnsi } from '../callers/text-stream.js';
import { until } from './until.js';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A real program (the original Python client, telnet, ssh) in a real
 * pseudo-terminal of a given size, via util-linux `script`, driven like a
 * person at the keyboard: wait for text, type a line.
 */
export class PtyProcess {
  private raw = '';
  private cursor = 0;
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static spawn(argv: string[], opts: { env?: NodeJS.ProcessEnv; cols?: number; rows?: number } = {}): PtyProcess {
    const size = `stty rows ${opts.rows ?? 24} cols ${opts.cols ?? 80} 2>/dev/null; `;
    const cmd = size + 'exec ' + argv.map(shellQuote).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      env: { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color', PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new PtyProcess(child);
  }

  /** Everything seen so far, as plain text. */
  text(): string {
    return stripAnsi(this.raw);
  }

  rawOutput(): string {
    return this.raw;
  }

  /** Wait until the plain output (after the last match) holds the pattern. */
  async expect(pattern: RegExp | string, timeoutMs = 5000): Promise<string> {
    const rest = (): string => this.text().slice(this.cursor);
    const m = await until(
      () => `${String(pattern)}; output after last match:\n${rest().slice(-2000)}`,
      () => {
        const after = rest();
        const found = typeof pattern === 'string' ? (after.includes(pattern) ? { index: after.indexOf(pattern), 0: pattern } : null) : pattern.exec(after);
        if (!found && this.child.exitCode !== null) throw new Error(`the program exited (${this.child.exitCode}) before ${String(pattern)}; output after last match:\n${after.slice(-2000)}`);
        return found;
      },
      timeoutMs,
      20,
    );
    this.cursor += m.index + m[0].length;
    return m[0];
  }

  send(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Type a line and press Enter. */
  line(text: string): void {
    this.send(text + '\r');
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
