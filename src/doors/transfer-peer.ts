import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { HandoffRequest, TransferResult } from '../session/handoff.js';
import { detailLine, noteLine } from './door-stderr.js';
import { liveMembers, signalSession } from './process-group.js';
import type { RawOutcome, RawPeer, RawSink } from './raw-peer.js';
import { isXmodem, receiveCommand, safeName, sendCommand, type TransferCommand } from './transfer-commands.js';
import { emptyFolder, folderBytes, plainFiles } from './transfer-folder.js';
import { neutralizeLine } from '../screens/neutralize.js';
import { LineSettle, TRANSFER_SETTLE, type LineSettleOptions } from './line-settle.js';

/** A download or an upload, as a flow asks for it. */
export type TransferJob = Extract<HandoffRequest, { kind: 'send' | 'receive' }>;

export interface TransferPeerOptions {
  job: TransferJob;
  log?: Logger;
  /** Nothing moved either way this long: the transfer is ended. */
  idleMs?: number;
  /** How often a running upload's folder is weighed against `maxBytes`. */
  watchMs?: number;
  /** After SIGTERM, how long the program has before SIGKILL. */
  graceMs?: number;
  /** How quiet the caller's line must be after the program ends before the menus have it back. */
  quietAfter?: LineSettleOptions;
}

/** What tells the caller's program to give up: ZMODEM's abort (CAN ×8), then BS ×8 to erase the CANs from a screen that shows them. */
const CANCEL_SEQUENCE = Buffer.concat([Buffer.alloc(8, 0x18), Buffer.alloc(8, 0x08)]);
/** lrzsz's error output kept for the log line; the rest is dropped. */
const STDERR_KEEP = 4096;
/**
 * A ZMODEM sender streams without waiting for the receiver, and rz (CRC and
 * unescaping every byte) can fall behind a fast line. Past this many bytes
 * waiting for the program, the caller's wire is held (its TCP window or SSH
 * channel window fills, so their program waits) until the program catches up.
 */
const INPUT_HIGH_WATER = 256 * 1024;
/** A wire that cannot hold still gets a bound: past this the transfer ends. */
const INPUT_BACKLOG = 32 * 1024 * 1024;
const REAP_POLL_MS = 50;
const KILL_WAIT_MS = 1000;
/** The only environment lrzsz gets: nothing of the board's own (secrets, paths) reaches it. */
const PATH = '/usr/bin:/bin';

type Ending = Pick<RawOutcome, 'how' | 'code' | 'signal' | 'note'> & { tooBig?: boolean };

/**
 * A transfer is bulk work beside interactive callers: its program (the CRC
 * and escaping of every byte) runs below the board's own priority, so on a
 * busy host a key at a menu is answered before the next block is made.
 */
const TRANSFER_NICENESS = 10;

function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, TRANSFER_NICENESS);
  } catch {
    // Gone already, or a system that will not: the transfer runs at the board's priority.
  }
}

/**
 * One file transfer by Debian's lrzsz as a raw peer: the program's standard
 * input and output are the caller's terminal, through pipes (a
 * pseudo-terminal would not be 8-bit clean), byte for byte both ways, and
 * its output read only while the play it runs in has room for it: the
 * caller's wire, and the board's pace for transfers while others type. It
 * runs in its own process group with a clean environment; when it ends,
 * however it ends, nothing of that group runs on, and a failed or cancelled
 * upload leaves no file behind.
 */
export class TransferPeer implements RawPeer {
  private sink: RawSink | null = null;
  private inputHeld = false;
  private child: ChildProcessWithoutNullStreams | null = null;
  private state: 'new' | 'running' | 'ending' | 'ended' = 'new';
  /** The caller's wire is backed up: the program's output waits for `resume()`. */
  private paused = false;
  private exited = false;
  /** A download's files, linked under the names the caller is told. */
  private stage: string | null = null;
  private stderr = Buffer.alloc(0);
  private startedAt = 0;
  private lastMoved = 0;
  private bytesOut = 0;
  private bytesIn = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly settleLine: LineSettle;

  constructor(private readonly o: TransferPeerOptions) {
    this.settleLine = new LineSettle(o.quietAfter ?? TRANSFER_SETTLE);
  }

  /** The program's process group (its pid), while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(sink: RawSink): void {
    if (this.state !== 'new') return;
    this.sink = sink;
    this.state = 'running';
    this.startedAt = this.lastMoved = Date.now();
    const problem = this.problem();
    if (problem) return this.failEarly(problem);
    try {
      const { command, cwd } = this.prepare();
      this.child = this.spawn(command, cwd);
    } catch (err) {
      return this.failEarly(`The transfer could not start: ${String(err)}`);
    }
    this.every(1000, () => this.checkIdle());
    const job = this.o.job;
    if (job.kind === 'receive' && job.maxBytes > 0) this.every(this.o.watchMs ?? 250, () => this.checkSize(job.folder, job.maxBytes));
  }

  input(bytes: Uint8Array): void {
    if (this.settleLine.settling) return this.settleLine.input(bytes.length);
    const stdin = this.child?.stdin;
    if (this.state !== 'running' || !stdin || bytes.length === 0) return;
    if (stdin.writableLength > INPUT_BACKLOG) return this.endNow({ how: 'failed', note: 'The transfer stalled.' }, true);
    this.lastMoved = Date.now();
    this.bytesIn += bytes.length;
    // A copy: the write may wait, and the transport may reuse its buffer.
    stdin.write(Buffer.from(bytes));
    if (!this.inputHeld && stdin.writableLength > INPUT_HIGH_WATER) this.holdInput(stdin);
  }

  /** The caller waits until the program has read what came: their wire is read again once its input pipe drains. */
  private holdInput(stdin: NodeJS.WritableStream): void {
    this.inputHeld = true;
    this.sink?.holdInput?.(true);
    stdin.once('drain', () => {
      this.inputHeld = false;
      if (this.state === 'running') this.sink?.holdInput?.(false);
    });
  }

  resize(): void {
    // A transfer has no screen.
  }

  /** The play has room again (the caller's wire, and the board's pace for transfers): the program's output is read again. */
  resume(): void {
    if (!this.paused || this.state !== 'running') return;
    this.paused = false;
    this.child?.stdout.resume();
  }

  stop(how: 'hangup' | 'ended'): void {
    if (this.settleLine.settling) return this.settleLine.finishNow();
    if (this.state === 'new') {
      this.state = 'ended';
      return;
    }
    // A caller still on the line (the board is stopping) has their program told to give up.
    this.endNow({ how, note: 'Transfer cancelled.' }, how === 'ended');
  }

  /** Why the request cannot run, in words for the caller; null when it can. */
  private problem(): string | null {
    const job = this.o.job;
    if (job.kind === 'send') {
      if (job.files.length === 0) return 'There is nothing to send.';
      if (isXmodem(job.protocol) && job.files.length > 1) return 'XMODEM sends one file at a time.';
      const names = job.files.map((f) => f.name);
      if (!names.every(safeName) || new Set(names).size !== names.length) return 'A file name cannot be sent as it is.';
      return null;
    }
    if (isXmodem(job.protocol) && (job.name === undefined || !safeName(job.name))) return 'An XMODEM upload needs a file name.';
    try {
      if (!statSync(job.folder).isDirectory()) return 'The upload folder is missing.';
    } catch {
      return 'The upload folder is missing.';
    }
    return null;
  }

  /** The command line and working folder; a download's files are linked into a private folder under their given names. */
  private prepare(): { command: TransferCommand; cwd: string } {
    const job = this.o.job;
    if (job.kind === 'receive') return { command: receiveCommand(job.protocol, job.name), cwd: job.folder };
    const stage = mkdtempSync(path.join(tmpdir(), 'mongrel-send-'));
    this.stage = stage;
    for (const f of job.files) symlinkSync(path.resolve(f.path), path.join(stage, f.name));
    return { command: sendCommand(job.protocol, job.files.map((f) => f.name), job.resume === true), cwd: stage };
  }

  private spawn(command: TransferCommand, cwd: string): ChildProcessWithoutNullStreams {
    // detached: a session and process group of its own, so ending it reaches everything it started.
    const child = spawn(command.command, command.args, { cwd, env: { PATH, HOME: cwd, LANG: 'C' }, detached: true, stdio: 'pipe' });
    child.on('error', (err) => this.spawnError(err));
    lowerPriority(child.pid);
    child.stdin.on('error', () => {
      // EPIPE: the program ended with the caller's bytes unread; its exit says how.
    });
    child.stdout.on('data', (chunk: Buffer) => this.deliver(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_KEEP) this.stderr = Buffer.concat([this.stderr, chunk]).subarray(0, STDERR_KEEP);
    });
    child.on('exit', () => {
      this.exited = true;
    });
    // 'close' comes after the last byte of its output was read: only then is the caller's copy whole.
    child.on('close', (code, signal) => this.closed(code, signal));
    return child;
  }

  private spawnError(err: NodeJS.ErrnoException): void {
    this.exited = true;
    this.o.log?.warn('transfer program could not start', { error: String(err) });
    if (this.state === 'running') this.finish({ how: 'failed', note: 'File transfers are not available on this board now. The sysop has been told.' });
  }

  private deliver(chunk: Buffer): void {
    if (this.state !== 'running') return;
    this.lastMoved = Date.now();
    this.bytesOut += chunk.length;
    const room = this.sink?.data(chunk) !== false;
    if (room || this.paused) return;
    this.paused = true;
    this.child?.stdout.pause();
  }

  private closed(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    if (this.state !== 'running') return;
    this.state = 'ending';
    // lrzsz starts nothing, but whatever is left of its group goes too.
    const pid = this.child?.pid;
    if (pid !== undefined) signalSession(pid, 'SIGKILL');
    this.finish({ how: 'exit', code, signal });
  }

  private checkIdle(): void {
    const idleMs = this.o.idleMs ?? 60_000;
    if (this.state !== 'running' || Date.now() - this.lastMoved < idleMs) return;
    this.endNow({ how: 'time', note: `Transfer cancelled: nothing arrived for ${Math.round(idleMs / 1000)} seconds.` }, true);
  }

  private checkSize(folder: string, maxBytes: number): void {
    if (this.state === 'running' && folderBytes(folder) > maxBytes) this.endNow({ how: 'ended', note: tooBigNote(maxBytes), tooBig: true }, true);
  }

  /**
   * End the program's whole group: SIGTERM, then SIGKILL to whatever is
   * left after the grace; the sink's end follows once nothing of it runs.
   * `tellCaller`: the caller's program is told to give up first.
   */
  private endNow(ending: Ending, tellCaller: boolean): void {
    if (this.state !== 'running') return;
    this.state = 'ending';
    this.clearTimers();
    if (tellCaller) this.sink?.data(CANCEL_SEQUENCE);
    const child = this.child;
    const pid = child?.pid;
    if (!child || pid === undefined) return this.finish(ending);
    // Its output is nobody's now: read and dropped, so the pipe never holds the program up.
    child.stdout.removeAllListeners('data');
    child.stdout.resume();
    signalSession(pid, 'SIGTERM');
    const killAt = Date.now() + (this.o.graceMs ?? 2000);
    let giveUpAt = Infinity;
    const reap = (): void => {
      if ((this.exited && liveMembers(pid).length === 0) || Date.now() >= giveUpAt) return this.finish(ending);
      if (giveUpAt === Infinity && Date.now() >= killAt) {
        signalSession(pid, 'SIGKILL');
        giveUpAt = Date.now() + KILL_WAIT_MS;
      }
      this.later(REAP_POLL_MS, reap);
    };
    reap();
  }

  private finish(ending: Ending): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.clearTimers();
    const { transfer, ending: final } = this.settle(ending);
    if (this.stage) rmSync(this.stage, { recursive: true, force: true });
    this.stage = null;
    const outcome: RawOutcome = { ...pick(final), transfer };
    const detail = this.stderrLines();
    if (detail.length > 0) outcome.detail = detailLine(detail);
    const handBack = (): void => {
      this.logLine(outcome, transfer);
      this.sink?.end(outcome);
    };
    // A program that never ran left nothing on its way.
    if (!this.child) return handBack();
    if (this.inputHeld) {
      this.inputHeld = false;
      this.sink?.holdInput?.(false);
    }
    this.settleLine.start(handBack);
  }

  /** What moved: whole only when the program said so; otherwise an upload's folder is emptied. */
  private settle(ending: Ending): { transfer: TransferResult; ending: Ending } {
    const job = this.o.job;
    let ok = ending.how === 'exit' && ending.code === 0;
    let final = ending;
    // The last stretch of an upload may have arrived between two weighings.
    if (ok && job.kind === 'receive' && job.maxBytes > 0 && folderBytes(job.folder) > job.maxBytes) {
      ok = false;
      final = { how: 'ended', note: tooBigNote(job.maxBytes), tooBig: true };
    }
    if (!ok && job.kind === 'receive') emptyFolder(job.folder);
    if (!ok && !final.note) final = { ...final, note: this.failureNote(final) };
    const transfer: TransferResult = {
      sent: ok && job.kind === 'send' ? job.files.map((f) => f.name) : [],
      received: ok && job.kind === 'receive' ? plainFiles(job.folder) : [],
      cancelled: !ok,
    };
    return { transfer, ending: final };
  }

  private failureNote(ending: Ending): string {
    if (ending.how === 'exit') return 'Transfer cancelled.';
    const first = this.stderrLines()[0];
    return first ? noteLine('The transfer failed: ', first) : 'The transfer failed.';
  }

  private stderrLines(): string[] {
    return this.stderr
      .toString('utf8')
      .split(/\r?\n|\r/)
      .map((l) => neutralizeLine(l).trim())
      .filter((l) => l !== '');
  }

  private logLine(outcome: RawOutcome, transfer: TransferResult): void {
    const job = this.o.job;
    const files = job.kind === 'send' ? job.files.map((f) => f.name) : transfer.received.map((f) => f.name);
    const fileBytes = job.kind === 'send' ? (transfer.cancelled ? 0 : job.files.reduce((s, f) => s + f.size, 0)) : transfer.received.reduce((s, f) => s + f.size, 0);
    const fields = {
      direction: job.kind,
      protocol: job.protocol,
      files,
      bytes: fileBytes,
      wireOut: this.bytesOut,
      wireIn: this.bytesIn,
      droppedAfter: this.settleLine.dropped,
      seconds: Math.round((Date.now() - this.startedAt) / 100) / 10,
      how: transfer.cancelled ? `${outcome.how}, cancelled` : outcome.how,
      code: outcome.code,
      signal: outcome.signal,
      detail: outcome.detail,
    };
    if (outcome.how === 'failed') this.o.log?.warn('transfer ended', fields);
    else this.o.log?.info('transfer ended', fields);
  }

  private failEarly(note: string): void {
    // end() never runs inside start(): the desk is still seating the call.
    this.later(0, () => this.finish({ how: 'failed', note }));
  }

  private every(ms: number, fn: () => void): void {
    const tick = (): void => {
      fn();
      if (this.state === 'running') this.later(ms, tick);
    };
    this.later(ms, tick);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function tooBigNote(maxBytes: number): string {
  return `The upload passed the ${sizeText(maxBytes)} allowed here, so it was cancelled and nothing was kept.`;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function pick(e: Ending): RawOutcome {
  const out: RawOutcome = { how: e.how };
  if (e.code !== undefined) out.code = e.code;
  if (e.signal !== undefined) out.signal = e.signal;
  if (e.note) out.note = e.note;
  return out;
}
