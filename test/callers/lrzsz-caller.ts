import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { IAC } from '../../src/transports/telnet/telnet-codes.js';
import { sshOptions } from '../helpers/ssh-client.js';
import { until } from '../helpers/until.js';
import { TelnetClient } from './telnet.js';
import { stripAnsi } from './text-stream.js';

/**
 * Callers whose terminal program transfers files with lrzsz, for the
 * end-to-end tests of the file menus. The caller logs in and moves through
 * menus as usual; `arm(argv, cwd)` then starts the lrzsz program
 * (`rz`, `sz FILE`, `rb`, `sb FILE`, `rx NAME`, `sx FILE`) and from that
 * moment every byte from the board goes to it and everything it writes
 * goes to the board, until it exits: arm before pressing the key that
 * starts the transfer. A receiver started at once reads the menu's last
 * bytes before the sender's first header and skips them; a sender started
 * on the receiver's first word gets only that word on.
 */

/** What a ZMODEM receiver sends first (a hex ZRINIT header): terminal programs start their upload when they see it. */
export const ZRINIT = /\*\*\x18B01/;
const EMPTY: Buffer = Buffer.alloc(0);
/** The hex ZFIN header that ends a ZMODEM session; the sender answers the receiver's with "OO". */
const ZFIN = /\*\*\x18B08/;
/** An XMODEM or YMODEM receiver's first 'C' (CRC wanted), alone after the board's last line: the caller starts the upload now. */
export const RECEIVER_READY = /(?<=\n)C+$/;

/**
 * One lrzsz program standing in for the caller's terminal program. Given
 * `startOn`, it starts only once the board sends bytes that match (a
 * sender waiting for the board's receiver, as a terminal's auto-upload
 * does); what the board sends before that is shown as usual.
 */
class Armed {
  program: ChildProcessWithoutNullStreams | null = null;
  /** The program's exit code (null: ended by a signal). */
  readonly exit: Promise<number | null>;
  done = false;
  /** The end of what the program wrote to its error output, and how long it ran: what a failed transfer's message shows. */
  private errors = '';
  private startedAt = 0;
  private endedAt = 0;
  private settle!: (code: number | null) => void;
  private tail = '';
  /** A ZMODEM receiver's session ends with the sender's "OO" after ZFIN: what follows is the screen's, as a terminal program hands it back. */
  private readonly endsWithOverAndOut: boolean;
  private finSeen = false;
  private sessionTail = '';

  constructor(
    private readonly argv: readonly string[],
    private readonly cwd: string,
    private readonly toBoard: (bytes: Buffer) => void,
    private readonly startOn: RegExp | null = null,
    /** Stop (true) or resume (false) reading the board while the program is behind, as a terminal's TCP window would. */
    private readonly hold: (held: boolean) => void = () => {},
  ) {
    this.exit = new Promise((resolve) => (this.settle = resolve));
    this.endsWithOverAndOut = argv[0] === 'rz';
    if (!startOn) this.start();
  }

  /** Bytes from the board: what of them is the screen's (all of it before the program starts or after its session ended, else nothing or the rest after the session's end). */
  fromBoard(bytes: Buffer): Buffer {
    if (this.done) return bytes;
    let screen: Buffer = EMPTY;
    if (!this.program) {
      const first = this.receiverStart(bytes);
      if (first === null) return bytes;
      this.start();
      screen = first.screen;
      bytes = first.program;
    }
    const end = this.sessionEnd(bytes);
    const mine = end < 0 ? bytes : bytes.subarray(0, end);
    if (end >= 0) this.done = true;
    if (!this.program!.stdin.write(mine)) {
      this.hold(true);
      this.program!.stdin.once('drain', () => this.hold(false));
    }
    const after = end < 0 ? EMPTY : bytes.subarray(end);
    return screen.length === 0 ? after : Buffer.concat([screen, after]);
  }

  /**
   * Whether these bytes (with the last few before them: a header split
   * between two packets still counts) hold the receiver's first word; if so,
   * what before it is the screen's and what from it on is the program's.
   * The program gets nothing of the screen, as a terminal's upload starts
   * only at the header it detected: lrzsz's senders read the letters before
   * it as a receiver's answers (the G of "General" as a YMODEM-g receiver,
   * so sz sends YMODEM instead of ZMODEM). Whether the screen and the header
   * come in one packet or two is timing.
   */
  private receiverStart(bytes: Buffer): { screen: Buffer; program: Buffer } | null {
    const carried = this.tail.length;
    const seen = this.tail + bytes.toString('latin1');
    this.tail = seen.slice(-16);
    const at = seen.search(this.startOn!);
    if (at < 0) return null;
    if (at >= carried) return { screen: bytes.subarray(0, at - carried), program: bytes.subarray(at - carried) };
    return { screen: EMPTY, program: Buffer.concat([Buffer.from(seen.slice(at, carried), 'latin1'), bytes]) };
  }

  /** Where the ZMODEM session ends in these bytes (just past the sender's "OO"), or -1. */
  private sessionEnd(bytes: Buffer): number {
    if (!this.endsWithOverAndOut) return -1;
    const seen = this.sessionTail + bytes.toString('latin1');
    const from = this.sessionTail.length;
    this.sessionTail = seen.slice(-16);
    let at = 0;
    if (!this.finSeen) {
      const fin = seen.search(ZFIN);
      if (fin < 0) return -1;
      this.finSeen = true;
      at = fin;
    }
    const oo = seen.indexOf('OO', at);
    return oo < 0 ? -1 : Math.max(0, oo + 2 - from);
  }

  kill(signal: NodeJS.Signals): void {
    this.program?.kill(signal);
  }

  /** The program, how long it ran and the end of its error output, for a test's failure message. */
  report(): string {
    const ran = this.startedAt === 0 ? 'never started' : `ran ${(((this.endedAt || Date.now()) - this.startedAt) / 1000).toFixed(1)} s${this.endedAt ? '' : ' so far'}`;
    return `${this.argv.join(' ')}: ${ran}; its error output ended: ${JSON.stringify(this.errors)}`;
  }

  private start(): void {
    const [command, ...args] = this.argv;
    const program = spawn(command!, args, { cwd: this.cwd, stdio: 'pipe', env: { PATH: '/usr/bin:/bin', LANG: 'C' } });
    this.program = program;
    this.startedAt = Date.now();
    program.stdin.on('error', () => {});
    program.stderr.on('data', (chunk: Buffer) => {
      this.errors = (this.errors + chunk.toString('latin1')).slice(-2000);
    });
    program.stdout.on('data', (chunk: Buffer) => this.toBoard(chunk));
    // Once it has exited it reads nothing more: what the board sends next is the screen's (its last output may still be on its way).
    program.on('exit', () => {
      this.done = true;
      this.hold(false);
    });
    program.on('close', (code) => {
      this.endedAt = Date.now();
      this.settle(code);
    });
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

/** The transfer program a test caller armed: the one running now, and the last one, for a failure message. */
class ArmedSlot {
  current: Armed | null = null;
  private last: Armed | null = null;

  /** Resolves with the program's exit code; the slot is empty again once it has ended. */
  arm(armed: Armed): Promise<number | null> {
    this.current = this.last = armed;
    return armed.exit.finally(() => {
      if (this.current === armed) this.current = null;
    });
  }

  /** How the last armed program ran. */
  report(): string {
    return this.last?.report() ?? 'no program was armed';
  }
}

/**
 * Over telnet: a character-mode client that negotiates BINARY both ways
 * (and SGA, ECHO as the board offers them); the telnet parser already
 * turns IAC IAC back into 0xFF and takes negotiation out.
 */
export class LrzszTelnet extends TelnetClient {
  private readonly program = new ArmedSlot();

  static async open(port: number, opts: { cols?: number; rows?: number } = {}): Promise<LrzszTelnet> {
    const c = await LrzszTelnet.dial({ port, negotiate: true, ...opts });
    // BINARY both ways: a CR from the board may be followed by a NUL that is data, not NVT's CR NUL.
    c.parser.keepNulAfterCr = true;
    return c;
  }

  /** Start `argv` in `cwd` as the terminal program's transfer (at once, or when the board sends `startOn`); resolves with its exit code. */
  arm(argv: readonly string[], cwd: string, startOn: RegExp | null = null): Promise<number | null> {
    const write = (bytes: Buffer): void => {
      if (!this.socket.destroyed) this.socket.write(telnetEscape(bytes));
    };
    return this.program.arm(new Armed(argv, cwd, write, startOn, (held) => (held ? this.socket.pause() : this.socket.resume())));
  }

  /** How the last armed program ran, for a failure message. */
  lastProgram(): string {
    return this.program.report();
  }

  protected override received(bytes: Buffer): void {
    const armed = this.program.current;
    const screen = armed ? armed.fromBoard(Buffer.from(bytes)) : bytes;
    if (screen.length > 0) super.received(screen);
  }

  /** End the armed program as a caller's crash would. */
  killProgram(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.program.current?.kill(signal);
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
  private readonly program = new ArmedSlot();
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
      const armed = this.program.current;
      const screen = armed ? armed.fromBoard(chunk) : chunk;
      if (screen.length > 0) this.text = (this.text + screen.toString('utf8')).slice(-65536);
    });
    this.ended = new Promise((resolve) => this.ssh.on('close', (code) => resolve(code)));
  }

  /** Wait until the board's text (since the last wait) holds `pattern`. */
  async waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const plain = (): string => stripAnsi(this.text);
    const found = (): boolean => (typeof pattern === 'string' ? plain().includes(pattern) : pattern.test(plain()));
    await until(() => `${String(pattern)} in ${JSON.stringify(this.text.slice(-600))}`, found, timeoutMs, 5);
    this.text = '';
  }

  type(keys: string): void {
    this.ssh.stdin.write(Buffer.from(keys, 'utf8'));
  }

  line(text: string): void {
    this.type(`${text}\r`);
  }

  arm(argv: readonly string[], cwd: string, startOn: RegExp | null = null): Promise<number | null> {
    return this.program.arm(new Armed(argv, cwd, (bytes) => this.ssh.stdin.write(bytes), startOn, (held) => (held ? this.ssh.stdout.pause() : this.ssh.stdout.resume())));
  }

  /** How the last armed program ran, for a failure message. */
  lastProgram(): string {
    return this.program.report();
  }

  close(): void {
    this.program.current?.kill('SIGKILL');
    this.ssh.kill();
  }
}
