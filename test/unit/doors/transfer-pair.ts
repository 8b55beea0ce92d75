import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BulkShare } from '../../../src/doors/bulk-share.js';
import { Play } from '../../../src/doors/play.js';
import type { RawOutcome } from '../../../src/doors/raw-peer.js';
import { TransferPeer, type TransferPeerOptions } from '../../../src/doors/transfer-peer.js';
import type { RawListener, RawTerminal } from '../../../src/session/caller.js';
import { DEFAULT_TERMINAL } from '../../../src/session/events.js';

/**
 * A transfer peer wired, through the play the desk runs it in, to a real
 * lrzsz program playing the caller's terminal program: the caller's output
 * is the peer's input, and what the peer sends goes to the caller's input,
 * paced the way a wire paces it (a full pipe is a full line: the peer waits
 * until it drains).
 */

export interface Pair {
  peer: TransferPeer;
  caller: ChildProcessWithoutNullStreams;
  /** The caller program's exit code (null: a signal). */
  callerExit: Promise<number | null>;
  outcome: Promise<RawOutcome>;
  /** Bytes the peer has sent the caller so far. */
  sent(): number;
  /** While true, the terminal tells the play the line is full, and the play does not read the peer again. */
  block(on: boolean): void;
}

/**
 * The caller program's pipes as the caller's terminal: a full pipe, or a
 * line blocked by the test, is a wire with a backlog. Once the program has
 * exited, what is written is dropped, as on a line whose far end is gone.
 */
class PipeTerminal implements RawTerminal {
  readonly terminal = DEFAULT_TERMINAL;
  bytes = 0;
  blocked = false;
  private gone = false;

  constructor(private readonly caller: ChildProcessWithoutNullStreams) {
    caller.stdin.on('error', () => {});
    caller.on('close', () => (this.gone = true));
  }

  write(bytes: Uint8Array): boolean {
    this.bytes += bytes.length;
    if (this.gone) return true;
    return this.caller.stdin.write(Buffer.from(bytes)) && !this.blocked;
  }

  get writable(): boolean {
    return this.gone || (!this.blocked && !this.caller.stdin.writableNeedDrain);
  }

  holdInput(held: boolean): void {
    if (held) this.caller.stdout.pause();
    else this.caller.stdout.resume();
  }

  close(): void {}
}

/**
 * Starts the caller program `argv` in `cwd` and the peer for `options`, run
 * in a play as the board's desk runs a transfer: the caller program's pipes
 * are the play's seat, and the play holds the peer to `pace` (the share for
 * transfers, and whose transfer it is) when one is given.
 */
export function connect(options: TransferPeerOptions, argv: string[], cwd: string, pace: { share: BulkShare; call: string } | null = null): Pair {
  const [command, ...args] = argv;
  const caller = spawn(command!, args, { cwd, stdio: 'pipe', env: { PATH: '/usr/bin:/bin', LANG: 'C' } });
  const callerExit = new Promise<number | null>((resolve) => caller.on('close', (code) => resolve(code)));
  const play = new Play({ door: `transfer:${options.job.protocol}`, title: 'File transfer', userId: 0, userName: '', encoding: 'utf8' });
  const terminal = new PipeTerminal(caller);
  let seat: RawListener | null = null;
  play.takeSeat((listener) => {
    seat = listener;
    return terminal;
  });
  caller.stdout.on('data', (chunk: Buffer) => seat?.bytes(chunk));
  caller.stderr.resume();
  play.pace = pace;
  const outcome = new Promise<RawOutcome>((resolve) => play.onEnd(resolve));
  const peer = new TransferPeer(options);
  play.start(peer, null);
  return {
    peer,
    caller,
    callerExit,
    outcome,
    sent: () => terminal.bytes,
    block: (on) => (terminal.blocked = on),
  };
}

/** A fresh temporary folder, removed at the end of the test. */
export function tempFolder(t: { after(fn: () => void): void }, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A file of `size` random bytes in `dir`; its SHA-256. */
export function randomFile(dir: string, name: string, size: number): { path: string; sha: string } {
  const data = randomBytes(size);
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return { path: file, sha: sha256(data) };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileSha(file: string): string {
  return sha256(readFileSync(file));
}
