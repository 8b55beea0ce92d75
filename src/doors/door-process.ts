import { mkdtempSync, readFileSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pty, { type IPty } from '@lydell/node-pty';
import type { Logger } from '../logger.js';
import { doorEnvironment, launchProblem, wrapperArgv, type TtyMode } from './door-launch.js';
import { detailLine, noteLine, readStderrLines, shellStatus } from './door-stderr.js';
import { liveMembers, signalSession } from './process-group.js';
import type { RawOutcome, RawPeer, RawSink } from './raw-peer.js';
import { endsCleanly, timeLeftText, warningBytes } from './time-warning.js';

export interface DoorProcessOptions {
  command: string;
  args: readonly string[];
  /** The door's working folder; also its HOME. */
  cwd: string;
  /** Added to the clean environment, last. */
  env: Readonly<Record<string, string>>;
  cols: number;
  rows: number;
  /** TERM for the door. */
  termName: string;
  /** What the door writes and reads: sets its locale. Default utf8. */
  encoding?: 'utf8' | 'cp437';
  /** Ends the door with `how: 'time'` this long after the start. */
  timeLimitMs?: number;
  /** How long before the limit the caller is warned. */
  warnBeforeMs?: number;
  /** How long a hung-up door has to end before it is killed. */
  graceMs?: number;
  /** A program that fails this soon after its start could not start. */
  startWindowMs?: number;
  /** How the terminal is set before the program runs (door-launch.ts). */
  tty?: TtyMode;
  log?: Logger;
}

type Ending = Pick<RawOutcome, 'how' | 'code' | 'signal' | 'note'>;

/** How often an ending door's session is looked at for processes still running. */
const REAP_POLL_MS = 50;
/** How long the warning waits for the door to finish an escape sequence before it is written anyway. */
const WARNING_RETRY_MS = 250;
/** After SIGKILL, how long to wait for the kernel to report the last member gone. */
const KILL_WAIT_MS = 1000;
const MAX_SIZE = 1000;

/**
 * One door program in a pseudo-terminal of its own, sized to the caller, as
 * a raw peer: what the caller types goes to the program byte for byte, and
 * what the program writes goes to the caller. The program runs in its own
 * session and process group with a clean environment; its error output
 * goes to a file in a private folder, not to the caller's screen. When it
 * ends, by itself, by a hang-up or by its time limit, nothing of its
 * session is left running.
 */
export class DoorProcess implements RawPeer {
  private sink: RawSink | null = null;
  private term: IPty | null = null;
  private folder: string | null = null;
  private state: 'new' | 'running' | 'ending' | 'ended' = 'new';
  private startedAt = 0;
  private paused = false;
  /** The program's status as the wrapper wrote it; null while it runs. */
  private status: number | null = null;
  /** The terminal was read to its end: everything the door wrote was delivered. */
  private drained = false;
  private wrapperExit: { code: number; signal: number } | null = null;
  /** The program ended but something of it still holds the terminal: end it once the caller's line is not paused. */
  private drainOverdue = false;
  private warning: Buffer | null = null;
  private lastChunk: Uint8Array = new Uint8Array(0);
  private watcher: FSWatcher | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly graceMs: number;

  constructor(private readonly o: DoorProcessOptions) {
    this.graceMs = o.graceMs ?? 3000;
  }

  start(sink: RawSink): void {
    if (this.state !== 'new') return;
    this.sink = sink;
    this.state = 'running';
    this.startedAt = Date.now();
    const problem = launchProblem(this.o.command, this.o.cwd, this.environment());
    if (problem) return this.failEarly(`The door could not start: ${problem}.`);
    try {
      this.folder = mkdtempSync(path.join(tmpdir(), 'mongrel-door-'));
      this.term = this.spawn(this.folder);
    } catch (err) {
      this.o.log?.warn('door spawn failed', { command: this.o.command, error: String(err) });
      return this.failEarly(`The door could not start: ${String(err)}`);
    }
    this.watchStatus(this.folder);
    this.armTimeLimit();
  }

  input(bytes: Uint8Array): void {
    if (this.state !== 'running' || !this.term) return;
    // node-pty's typing says string, but it hands the value to a socket's write(): a Buffer goes through untouched, a string would be UTF-8 encoded.
    this.term.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as string);
  }

  resize(cols: number, rows: number): void {
    if (this.state !== 'running' || !this.term) return;
    if (!Number.isFinite(cols) || !Number.isFinite(rows)) return;
    const clamp = (n: number): number => Math.min(MAX_SIZE, Math.max(1, Math.floor(n)));
    try {
      // The kernel sends SIGWINCH to the terminal's foreground group.
      this.term.resize(clamp(cols), clamp(rows));
    } catch {
      // The terminal closed under us: the door is ending anyway.
    }
  }

  resume(): void {
    if (!this.paused || this.state === 'ended') return;
    this.paused = false;
    this.term?.resume();
    if (this.drainOverdue) this.endAfterProgram();
  }

  stop(how: 'hangup' | 'ended'): void {
    if (this.state === 'new') {
      this.state = 'ended';
      return;
    }
    this.endNow({ how });
  }

  private environment(): Record<string, string> {
    const o = this.o;
    return doorEnvironment({ cwd: o.cwd, termName: o.termName, encoding: o.encoding ?? 'utf8', cols: o.cols, rows: o.rows, env: o.env });
  }

  private spawn(folder: string): IPty {
    const { file, args } = wrapperArgv(folder, this.o.tty ?? 'program', this.o.command, this.o.args);
    const term = pty.spawn(file, args, {
      name: this.o.termName,
      cols: Math.min(MAX_SIZE, Math.max(1, Math.floor(this.o.cols) || 80)),
      rows: Math.min(MAX_SIZE, Math.max(1, Math.floor(this.o.rows) || 24)),
      cwd: this.o.cwd,
      env: this.environment(),
      encoding: null,
    });
    term.onData((data) => this.onData(data as unknown as Buffer));
    term.onExit((e) => this.onWrapperExit(e.exitCode, e.signal ?? 0));
    // Not in node-pty's typing, but part of its API: 'close' comes once the terminal was read to its end.
    const events = term as unknown as { on(event: 'close' | 'error', fn: (err?: Error) => void): void };
    events.on('close', () => (this.drained = true));
    // A second listener keeps node-pty from rethrowing a read error other than the EIO of a closed terminal.
    events.on('error', (err) => this.o.log?.warn('door terminal error', { command: this.o.command, error: String(err) }));
    return term;
  }

  private onData(data: Buffer): void {
    if (this.state === 'ended' || !this.sink) return;
    this.lastChunk = data;
    if (!this.sink.data(data)) this.pause();
    if (this.warning && endsCleanly(data, (this.o.encoding ?? 'utf8') === 'utf8')) this.showWarning();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.term?.pause();
  }

  /** The wrapper writes the program's status to the private folder when the program ends. */
  private watchStatus(folder: string): void {
    try {
      this.watcher = watch(folder, () => this.readStatus());
      this.watcher.on('error', () => this.closeWatcher());
    } catch (err) {
      // Without the watch the door still ends when its terminal closes; only a program that leaves a process holding the terminal runs on until hung up.
      this.o.log?.warn('door status watch failed', { command: this.o.command, error: String(err) });
    }
  }

  private readStatus(): void {
    if (this.status !== null || !this.folder || this.state !== 'running') return;
    let text = '';
    try {
      text = readFileSync(path.join(this.folder, 'status'), 'utf8');
    } catch {
      return;
    }
    // The file is created before its line is written: wait for the whole line.
    if (!/^\d+\n$/.test(text)) return;
    this.status = Number(text.trim());
    this.closeWatcher();
    if (!this.drained) this.later(this.graceMs, () => this.endAfterProgram());
  }

  /**
   * The program ended but the terminal has not closed: a process it left in
   * the background still holds it. Its last output had graceMs to arrive;
   * while the caller's line is paused it waits for it, so a slow line does
   * not lose the door's last screen.
   */
  private endAfterProgram(): void {
    if (this.state !== 'running') return;
    this.drainOverdue = this.paused;
    if (!this.paused) this.endNow(this.programEnding());
  }

  private onWrapperExit(code: number, signal: number): void {
    this.wrapperExit = { code, signal };
    if (this.state !== 'running') return;
    if (this.status === null) this.readStatus();
    this.endNow(this.programEnding());
  }

  /** How the program ended, from its status, or from the wrapper's when the wrapper itself was ended. */
  private programEnding(): Ending {
    const { code, signal } = this.status !== null ? shellStatus(this.status) : this.wrapperStatus();
    const soon = Date.now() - this.startedAt < (this.o.startWindowMs ?? 1000);
    if (soon && (signal !== null || code !== 0)) return { how: 'failed', code, signal };
    return { how: 'exit', code, signal };
  }

  private wrapperStatus(): { code: number | null; signal: string | null } {
    const e = this.wrapperExit;
    if (!e) return { code: null, signal: null };
    return e.signal ? shellStatus(128 + e.signal) : { code: e.code, signal: null };
  }

  private armTimeLimit(): void {
    const limit = this.o.timeLimitMs;
    if (limit === undefined || limit <= 0) return;
    const warnBefore = Math.min(this.o.warnBeforeMs ?? 60_000, limit);
    this.later(limit - warnBefore, () => this.warn(warnBefore));
    this.later(limit, () => this.endNow({ how: 'time', note: 'Your time in this door is up.' }));
  }

  private warn(leftMs: number): void {
    if (this.state !== 'running') return;
    this.warning = warningBytes(this.term?.rows ?? this.o.rows, timeLeftText(leftMs));
    // Between two of the door's writes, not inside an escape sequence; if the door is idle mid-sequence, soon anyway.
    if (endsCleanly(this.lastChunk, (this.o.encoding ?? 'utf8') === 'utf8')) this.showWarning();
    else this.later(WARNING_RETRY_MS, () => this.showWarning());
  }

  private showWarning(): void {
    const bytes = this.warning;
    this.warning = null;
    if (!bytes || this.state !== 'running' || !this.sink) return;
    if (!this.sink.data(bytes)) this.pause();
  }

  private failEarly(note: string): void {
    // end() never runs inside start(): the caller is still setting up.
    this.later(0, () => this.finish({ how: 'failed', note }));
  }

  /**
   * End the door's whole session: SIGHUP (and SIGCONT, for a stopped one),
   * then SIGKILL to whatever is left after graceMs; the sink's end follows
   * when nothing of it runs any more.
   */
  private endNow(ending: Ending): void {
    if (this.state !== 'running') return;
    this.state = 'ending';
    this.clearTimers();
    this.closeWatcher();
    const pid = this.term?.pid;
    if (pid === undefined) return this.finish(ending);
    signalSession(pid, 'SIGHUP');
    signalSession(pid, 'SIGCONT');
    const killAt = Date.now() + this.graceMs;
    let giveUpAt = Infinity;
    const check = (): void => {
      const gone = this.wrapperExit !== null && liveMembers(pid).length === 0;
      if (gone || Date.now() >= giveUpAt) return this.finish(ending);
      if (giveUpAt === Infinity && Date.now() >= killAt) {
        signalSession(pid, 'SIGKILL');
        giveUpAt = Date.now() + KILL_WAIT_MS;
      }
      this.later(REAP_POLL_MS, check);
    };
    check();
  }

  private finish(ending: Ending): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.clearTimers();
    this.closeWatcher();
    const lines = this.folder ? readStderrLines(path.join(this.folder, 'stderr')) : [];
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
    this.sink?.end(withStderr(ending, lines));
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}

/** The outcome with what the program wrote to its error output: one line for the caller, the first lines for the log. */
function withStderr(ending: Ending, lines: readonly string[]): RawOutcome {
  const outcome: RawOutcome = { ...ending };
  const first = lines[0];
  if (ending.how === 'failed' && !ending.note) {
    const why = first ?? (ending.signal ? `it was ended by ${ending.signal}` : `it ended at once with code ${ending.code ?? '?'}`);
    outcome.note = noteLine('The door could not start: ', why);
  } else if (first && !ending.note) {
    outcome.note = noteLine('The door said: ', first);
  }
  if (lines.length > 0) outcome.detail = detailLine(lines);
  return outcome;
}
