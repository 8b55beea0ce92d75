import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pty, { type IPty } from '@lydell/node-pty';
import type { Logger } from '../logger.js';
import { doorEnvironment, launchProblem, wrapperArgv, type TtyMode } from './door-launch.js';
import { detailLine, noteLine, readStderrLines, shellStatus } from './door-stderr.js';
import { EndMarker } from './end-marker.js';
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
/** How long bytes that might start the end marker wait for the rest of it. */
const MARKER_WAIT_MS = 50;
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
  /** The caller's line is full: the terminal is not read until resume(). */
  private paused = false;
  private readonly marker: EndMarker;
  private readonly markerText: string;
  private wrapperExit: { code: number; signal: number } | null = null;
  private releaseArmed = false;
  /** While ending: checks whether anything of the session is left, and ends the door when not. */
  private reap: (() => void) | null = null;
  private warning: Buffer | null = null;
  private lastChunk: Uint8Array = new Uint8Array(0);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly graceMs: number;
  private readonly utf8: boolean;

  constructor(private readonly o: DoorProcessOptions) {
    this.graceMs = o.graceMs ?? 3000;
    this.utf8 = (o.encoding ?? 'utf8') === 'utf8';
    const bytes = EndMarker.bytes(randomBytes(16).toString('hex'));
    this.marker = new EndMarker(bytes);
    this.markerText = bytes.toString('latin1');
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
    this.armTimeLimit();
  }

  input(bytes: Uint8Array): void {
    if (this.state !== 'running' || !this.term) return;
    // node-pty's typing says string, but it hands the value to a socket's write(): a Buffer goes through untouched, a string would be UTF-8 encoded.
    // A copy: the write may wait, and the caller's transport may reuse its buffer meanwhile.
    this.term.write(Buffer.from(bytes) as unknown as string);
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
  }

  stop(how: 'hangup' | 'ended'): void {
    if (this.state === 'new') {
      this.state = 'ended';
      return;
    }
    this.endNow({ how });
  }

  /** The program's session and process group (both are its pid), while it runs. */
  get pid(): number | undefined {
    return this.term?.pid;
  }

  private environment(): Record<string, string> {
    const o = this.o;
    return doorEnvironment({ cwd: o.cwd, termName: o.termName, encoding: o.encoding ?? 'utf8', cols: o.cols, rows: o.rows, env: o.env });
  }

  private spawn(folder: string): IPty {
    const { file, args } = wrapperArgv(folder, this.o.tty ?? 'program', this.markerText, this.o.command, this.o.args);
    const size = (n: number, fallback: number): number => Math.min(MAX_SIZE, Math.max(1, Math.floor(n) || fallback));
    const term = pty.spawn(file, args, {
      name: this.o.termName,
      cols: size(this.o.cols, 80),
      rows: size(this.o.rows, 24),
      cwd: this.o.cwd,
      env: this.environment(),
      encoding: null,
    });
    term.onData((data) => this.onData(data as unknown as Buffer));
    term.onExit((e) => this.onWrapperExit(e.exitCode, e.signal ?? 0));
    // Not in node-pty's typing, but its terminal forwards on() to its socket. A second 'error' listener keeps it from rethrowing a read error other than the EIO of a closed terminal.
    const events = term as unknown as { on(event: 'error', fn: (err: Error) => void): void };
    events.on('error', (err: NodeJS.ErrnoException) => {
      // EIO is how a pseudo-terminal reads once its last holder has let go: the normal end of every door, not news for the sysop.
      if (err.code !== 'EIO') this.o.log?.warn('door terminal error', { command: this.o.command, error: String(err) });
    });
    return term;
  }

  private onData(data: Buffer): void {
    if (this.state !== 'running') return;
    const { out, ended } = this.marker.feed(data);
    if (out.length > 0) this.deliver(out);
    if (ended) return this.endNow(this.programEnding());
    if (this.marker.holding && !this.releaseArmed) this.armRelease();
    if (this.warning && endsCleanly(out, this.utf8)) this.showWarning();
  }

  private deliver(bytes: Buffer): void {
    this.lastChunk = bytes;
    if (this.sink?.data(bytes) !== false || this.paused) return;
    this.paused = true;
    this.term?.pause();
  }

  private armRelease(): void {
    this.releaseArmed = true;
    this.later(MARKER_WAIT_MS, () => this.releaseHeld());
  }

  /** Bytes kept back as a possible start of the end marker were the door's own after all. */
  private releaseHeld(): void {
    this.releaseArmed = false;
    if (this.state !== 'running' || !this.marker.holding) return;
    // While the line is full, the rest of the marker may be waiting unread in the terminal.
    if (this.paused) return this.armRelease();
    this.deliver(this.marker.release());
  }

  private onWrapperExit(code: number, signal: number): void {
    this.wrapperExit = { code, signal };
    // Ending: look at once rather than at the next poll whether anything else is left.
    if (this.state === 'ending') return this.reap?.();
    // The wrapper ended before the program's end marker: someone else ended it.
    this.endNow(this.programEnding());
  }

  /** How the program ended, from the status the wrapper wrote, or the wrapper's own when it never got to write it. */
  private programEnding(): Ending {
    const { code, signal } = this.readStatus() ?? this.wrapperStatus();
    const soon = Date.now() - this.startedAt < (this.o.startWindowMs ?? 1000);
    if (soon && (signal !== null || code !== 0)) return { how: 'failed', code, signal };
    return { how: 'exit', code, signal };
  }

  private readStatus(): { code: number | null; signal: string | null } | null {
    if (!this.folder) return null;
    try {
      const text = readFileSync(path.join(this.folder, 'status'), 'utf8');
      return /^\d+\n$/.test(text) ? shellStatus(Number(text.trim())) : null;
    } catch {
      return null;
    }
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
    if (!this.marker.holding && endsCleanly(this.lastChunk, this.utf8)) this.showWarning();
    else this.later(WARNING_RETRY_MS, () => this.showWarning());
  }

  private showWarning(): void {
    const bytes = this.warning;
    this.warning = null;
    if (bytes && this.state === 'running') this.deliver(bytes);
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
    const pid = this.term?.pid;
    if (pid === undefined) return this.finish(ending);
    signalSession(pid, 'SIGHUP');
    signalSession(pid, 'SIGCONT');
    const killAt = Date.now() + this.graceMs;
    let giveUpAt = Infinity;
    let poll: NodeJS.Timeout | null = null;
    this.reap = (): void => {
      if (poll) this.cancel(poll);
      const gone = this.wrapperExit !== null && liveMembers(pid).length === 0;
      if (gone || Date.now() >= giveUpAt) return this.finish(ending);
      if (giveUpAt === Infinity && Date.now() >= killAt) {
        signalSession(pid, 'SIGKILL');
        giveUpAt = Date.now() + KILL_WAIT_MS;
      }
      poll = this.later(REAP_POLL_MS, () => this.reap?.());
    };
    this.reap();
  }

  private finish(ending: Ending): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.reap = null;
    this.clearTimers();
    const lines = this.folder ? readStderrLines(path.join(this.folder, 'stderr')) : [];
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
    this.sink?.end(withStderr(ending, lines));
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
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
