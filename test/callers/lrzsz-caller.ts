import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { IAC } from '../../src/transports/telnet/telnet-codes.js';
import { sshOptions } from '../helpers/ssh-client.js';
import { until } from '../helpers/until.js';
import { TelnetClient } from './telnet.js';

/**
 * Callers whose terminal program transfers files with lrzsz, for the
 * end-to-end tests of the file menus. The caller logs in and moves through
 * menus as usual; `arm(argv, cwd)` then starts the lrzsz program
 * (`rz`, `sz FILE`, `rb`, `sb FILE`, `rx NAME`, `sx FILE`) and from that
 * moment every byte from the board goes to it and everything it writes
 * goes to the board, until it exits: arm before pressing the key that
 * starts the transfer. lrzsz skips the menu's last bytes before its first
 * header, as a real terminal program's ZMODEM detector does.
 */

/** One lrzsz program standing in for the caller's terminal program. */
class Armed {
  readonly program: ChildProcessWithoutNullStreams;
  /** The program's exit code (null: ended by a signal). */
  readonly exit: Promise<number | null>;
  done = false;

  constructor(argv: readonly string[], cwd: string, toBoard: (bytes: Buffer) => void) {
    const [command, ...args] = argv;
    this.program = spawn(command!, args, { cwd, stdio: 'pipe', env: { PATH: '/usr/bin:/bin', LANG: 'C' } });
    this.program.stdin.on('error', () => {});
    this.program.stderr.resume();
    this.program.stdout.on('data', (chunk: Buffer) => toBoard(chunk));
    this.exit = new Promise((resolve) =>
      this.program.on('close', (code) => {
        this.done = true;
        resolve(code);
      }),
    );
  }

  fromBoard(bytes: Buffer): void {
    if (!this.done) this.program.stdin.write(bytes);
  }
}

/** Telnet data for the wire: 0xFF doubled. The board and this client agree on BINARY both ways, so a CR needs no NUL after it. */
export function telnetEscape(bytes: Buffer): Buffer {
  if (!bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}

/**
 * Over telnet: a character-mode client that negotiates BINARY both ways
 * (and SGA, ECHO as the board offers them); the telnet parser already
 * turns IAC IAC back into 0xFF and takes negotiation out.
 */
export class LrzszTelnet extends TelnetClient {
  private armed: Armed | null = null;

  static async open(port: number, opts: { cols?: number; rows?: number } = {}): Promise<LrzszTelnet> {
    return LrzszTelnet.dial({ port, negotiate: true, ...opts });
  }

  /** Start `argv` in `cwd` as the terminal program's transfer; resolves with its exit code. */
  arm(argv: readonly string[], cwd: string): Promise<number | null> {
    const armed = new Armed(argv, cwd, (bytes) => {
      if (!this.socket.destroyed) this.socket.write(telnetEscape(bytes));
    });
    this.armed = armed;
    return armed.exit.finally(() => {
      if (this.armed === armed) this.armed = null;
    });
  }

  protected override received(bytes: Buffer): void {
    if (this.armed && !this.armed.done) return this.armed.fromBoard(Buffer.from(bytes));
    super.received(bytes);
  }
}

/**
 * Over OpenSSH: `ssh -tt` with pipes for its standard input and output (no
 * local terminal, so nothing translates bytes on this side) and no escape
 * character (`~.` in a file would end the connection). Logs in with a
 * password through sshpass, or a key.
 */
export class LrzszSsh {
  readonly ssh: ChildProcessWithoutNullStreams;
  private armed: Armed | null = null;
  /** What the board showed while no transfer ran, as text. */
  text = '';
  readonly ended: Promise<number | null>;

  constructor(port: number, user: string, opts: { password?: string; key?: string } = {}) {
    const auth = opts.key ? ['-o', 'IdentitiesOnly=yes', '-i', opts.key] : ['-o', 'IdentitiesOnly=yes', '-o', 'PubkeyAuthentication=no'];
    const ssh = ['ssh', '-tt', '-e', 'none', ...sshOptions(port, auth), `${user}@127.0.0.1`];
    const argv = opts.password === undefined ? ssh : ['sshpass', '-p', opts.password, ...ssh];
    this.ssh = spawn(argv[0]!, argv.slice(1), { stdio: 'pipe', env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' } });
    this.ssh.stdin.on('error', () => {});
    this.ssh.stderr.resume();
    this.ssh.stdout.on('data', (chunk: Buffer) => {
      if (this.armed && !this.armed.done) this.armed.fromBoard(chunk);
      else this.text = (this.text + chunk.toString('utf8')).slice(-65536);
    });
    this.ended = new Promise((resolve) => this.ssh.on('close', (code) => resolve(code)));
  }

  /** Wait until the board's text (since the last wait) holds `pattern`. */
  async waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const found = (): boolean => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    await until(() => `${String(pattern)} in ${JSON.stringify(this.text.slice(-600))}`, found, timeoutMs, 5);
    this.text = '';
  }

  type(keys: string): void {
    this.ssh.stdin.write(Buffer.from(keys, 'utf8'));
  }

  line(text: string): void {
    this.type(`${text}\r`);
  }

  arm(argv: readonly string[], cwd: string): Promise<number | null> {
    const armed = new Armed(argv, cwd, (bytes) => this.ssh.stdin.write(bytes));
    this.armed = armed;
    return armed.exit.finally(() => {
      if (this.armed === armed) this.armed = null;
    });
  }

  close(): void {
    this.armed?.program.kill('SIGKILL');
    this.ssh.kill();
  }
}
