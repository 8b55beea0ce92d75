import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOS_PAUSE_COM } from './dos-pause.js';
import { dosboxConfig, dosCommandLine, mountPathProblem } from './dosbox-config.js';
import type { RawOutcome, RawPeer, RawSink } from './raw-peer.js';
import { signalSession } from './process-group.js';

export interface DosboxDoorOptions {
  /** Host folder with the door's files; DOS sees it as C:. */
  doorFolder: string;
  /** The DOS program inside `doorFolder` (e.g. `GAME.EXE`, or `BIN\GAME.EXE`). */
  command: string;
  args?: readonly string[];
  /** Host folder with this call's drop files; DOS sees it as D:. */
  dropFolder?: string;
  /** DOSBox's `cycles`; the default, about a 386, keeps a door that spins while it waits to a few per cent of a core. */
  cycles?: string;
  /** The DOSBox program. */
  dosbox?: string;
  /** How long DOSBox may take to start and reach the board before the door counts as failed. */
  connectMs?: number;
  /** How long DOSBox gets to go after SIGHUP before SIGKILL. */
  stopGraceMs?: number;
  /** The caller's time in this door; past it DOSBox is hung up and the door ends as `time`. Absent: no limit. */
  timeLimitMs?: number;
}

const DEFAULT_CYCLES = 'fixed 3000';
const DEFAULT_CONNECT_MS = 20_000;
const DEFAULT_STOP_GRACE_MS = 2000;
/** Keys typed while DOSBox starts wait for it, up to this many bytes. */
const EARLY_INPUT_MAX = 4096;
/** A door reads COM1 at serial speed: keys beyond this backlog are dropped rather than held without bound. */
const INPUT_BACKLOG_MAX = 64 * 1024;
/** What DOSBox prints (its log) is kept for the sysop's failure line, up to this many characters. */
const LOG_TAIL_MAX = 2000;
/** After DOSBox exits its end of COM1 closes at once; this only guards a socket that lingers. */
const SOCKET_LINGER_MS = 500;

/**
 * A DOS door in DOSBox, headless, its COM1 a loopback TCP connection to the
 * board. DOSBox runs in its own process group under `setpriv --pdeathsig`, so
 * a stop ends it with everything it started, and a gateway that dies
 * (even by SIGKILL) takes its doors along instead of leaving them running
 * with no one on the line. The peer ends when DOSBox exits.
 */
export class DosboxDoor implements RawPeer {
  private sink: RawSink | undefined;
  private folder: string | undefined;
  private server: Server | undefined;
  private child: ChildProcess | undefined;
  private socket: Socket | undefined;
  private earlyInput: Buffer[] = [];
  private earlyBytes = 0;
  private log = '';
  private stopHow: 'hangup' | 'ended' | undefined;
  /** How the door ends when the caller did not stop it and DOSBox did not simply exit: a failure, or the time up. */
  private ending: RawOutcome | undefined;
  private exit: { code: number | null; signal: string | null } | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private timeTimer: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(private readonly options: DosboxDoorOptions) {}

  start(sink: RawSink): void {
    if (this.sink) return;
    this.sink = sink;
    const limit = this.options.timeLimitMs;
    // DOS doors read the minutes left from the drop file and most keep to them, but the board does not rely on it.
    if (limit !== undefined && limit > 0) this.timeTimer = setTimeout(() => this.timeUp(), limit);
    this.launch().catch((err: unknown) => {
      this.fail('The door could not start.', err instanceof Error ? err.message : String(err));
    });
  }

  input(bytes: Uint8Array): void {
    if (this.ended) return;
    const socket = this.socket;
    if (socket) {
      if (socket.writableLength < INPUT_BACKLOG_MAX) socket.write(bytes);
      return;
    }
    if (this.earlyBytes + bytes.length > EARLY_INPUT_MAX) return;
    this.earlyInput.push(Buffer.from(bytes));
    this.earlyBytes += bytes.length;
  }

  /** DOS doors take their screen size from the drop file, not from the line: nothing to pass on. */
  resize(_cols: number, _rows: number): void {}

  resume(): void {
    this.socket?.resume();
  }

  stop(how: 'hangup' | 'ended'): void {
    if (this.ended || this.stopHow) return;
    this.stopHow = how;
    if (this.child?.pid !== undefined && this.exit === undefined) this.hangUpGroup(this.child.pid);
    else if (!this.child) this.finish();
  }

  private async launch(): Promise<void> {
    const problem = await this.checkOptions();
    if (problem) return this.fail('This door is not set up right.', problem);
    const line = dosCommandLine(this.options.command, this.options.args ?? []);
    if ('problem' in line) return this.fail('This door is not set up right.', line.problem);
    this.folder = await mkdtemp(join(tmpdir(), 'bbs-dosbox-'));
    // A stop may come during any wait here; finish() has then run, and only what was made since needs undoing.
    if (this.ended) return this.release();
    const tools = join(this.folder, 'tools');
    await mkdir(tools);
    await writeFile(join(tools, 'PAUSE.COM'), DOS_PAUSE_COM);
    const port = await this.listen();
    if (this.ended) return this.release();
    const conf = join(this.folder, 'dosbox.conf');
    await writeFile(conf, dosboxConfig({
      port,
      doorFolder: this.options.doorFolder,
      dropFolder: this.options.dropFolder,
      toolFolder: tools,
      // CALL, so a door that is a batch file returns to the autoexec and DOSBox still exits after it.
      commandLine: `call ${line.line}`,
      cycles: this.options.cycles ?? DEFAULT_CYCLES,
    }));
    if (this.ended) return this.release();
    this.spawnDosbox(conf);
  }

  /** Why the options cannot run, or null; the program must be there, or DOS would say so on a screen nobody sees. */
  private async checkOptions(): Promise<string | null> {
    const { doorFolder, dropFolder, command } = this.options;
    const pathProblem = mountPathProblem(doorFolder) ?? (dropFolder === undefined ? null : mountPathProblem(dropFolder));
    if (pathProblem) return pathProblem;
    if (!(await hasDosFile(doorFolder, command))) return `no ${command} in ${doorFolder}`;
    return null;
  }

  /** Listen on loopback for DOSBox's COM1, take the first connection and stop listening. */
  private listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => {
        server.close();
        if (this.socket || this.ended) return void socket.destroy();
        this.attach(socket);
      });
      this.server = server;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no loopback port'));
      });
    });
  }

  private spawnDosbox(conf: string): void {
    const folder = this.folder!;
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', this.options.dosbox ?? 'dosbox', '-conf', conf], {
      cwd: folder,
      // A clean environment: nothing of the board's reaches the door, and DOSBox's
      // own files (if it writes any) land in the private folder, not a home.
      env: { HOME: folder, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C', SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('latin1')).slice(-LOG_TAIL_MAX);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', (err) => {
      this.exit ??= { code: null, signal: null };
      this.fail('The door could not start.', `${err.message} (is DOSBox installed, and setpriv from util-linux?)`);
    });
    child.once('exit', (code, signal) => this.exited(code, signal));
    this.connectTimer = setTimeout(() => {
      if (this.socket) return;
      this.ending ??= { how: 'failed', note: 'The door did not start in time.', detail: `DOSBox did not reach the board within ${this.connectMs()} ms; ${this.logTail()}` };
      this.hangUpGroup(child.pid);
    }, this.connectMs());
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    clearTimeout(this.connectTimer);
    socket.setNoDelay(true);
    for (const chunk of this.earlyInput) socket.write(chunk);
    this.earlyInput = [];
    socket.on('data', (bytes: Buffer) => {
      if (this.ended) return;
      if (this.sink?.data(bytes) === false) socket.pause();
    });
    // DOSBox ending is what ends the door; an error here only means the line is gone.
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.exit) this.finish();
    });
  }

  private exited(code: number | null, signal: string | null): void {
    this.exit ??= { code, signal };
    clearTimeout(this.connectTimer);
    clearTimeout(this.killTimer);
    const socket = this.socket;
    if (!socket || socket.destroyed) return this.finish();
    // Let DOSBox's last bytes, already on their way, reach the caller before the end.
    this.lingerTimer = setTimeout(() => {
      socket.destroy();
      this.finish();
    }, SOCKET_LINGER_MS);
  }

  private fail(note: string, detail: string): void {
    this.endAs({ how: 'failed', note, detail });
  }

  /** The caller's time is up; a door already on its way out (stopped, failing, exited) is left to end as it is. */
  private timeUp(): void {
    if (this.ended || this.stopHow || this.ending || this.exit) return;
    this.endAs({ how: 'time', note: 'Your time in this door is up.' });
  }

  /** End the door with `outcome` (the first one given wins): hang DOSBox up, or finish if it is not running. */
  private endAs(outcome: RawOutcome): void {
    this.ending ??= outcome;
    const pid = this.child?.pid;
    if (pid !== undefined && this.exit === undefined) this.hangUpGroup(pid);
    else this.finish();
  }

  /** SIGHUP to DOSBox's whole group, then SIGKILL if it is still there after the grace. */
  private hangUpGroup(pid: number | undefined): void {
    if (pid === undefined) return;
    signalSession(pid, 'SIGHUP');
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => signalSession(pid, 'SIGKILL'), this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.killTimer);
    clearTimeout(this.lingerTimer);
    clearTimeout(this.timeTimer);
    this.release();
    this.sink?.end(this.outcome());
  }

  /** Free the port, the line and the private folder; safe to call again. */
  private release(): void {
    this.server?.close();
    this.socket?.destroy();
    if (this.folder) void rm(this.folder, { recursive: true, force: true }).catch(() => {});
  }

  private outcome(): RawOutcome {
    if (this.stopHow) return { how: this.stopHow };
    if (this.ending) return this.ending;
    if (!this.socket) return { how: 'failed', note: 'The door could not start.', detail: `DOSBox ended before it reached the board; ${this.logTail()}` };
    return { how: 'exit', code: this.exit?.code ?? null, signal: this.exit?.signal ?? null };
  }

  private connectMs(): number {
    return this.options.connectMs ?? DEFAULT_CONNECT_MS;
  }

  private logTail(): string {
    const lines = this.log.split(/\r?\n/).filter((l) => l.trim() !== '');
    return lines.length ? `its last words: ${lines.slice(-3).join(' | ')}` : 'it printed nothing';
  }
}

/** Whether `folder` holds the DOS path `dosPath`, matching names as DOS does: case aside. */
async function hasDosFile(folder: string, dosPath: string): Promise<boolean> {
  let here = folder;
  const parts = dosPath.split(/[\\/]/).filter((p) => p !== '');
  if (parts.length === 0 || parts.includes('..')) return false;
  for (const part of parts) {
    let names: string[];
    try {
      names = await readdir(here);
    } catch {
      return false;
    }
    const found = names.find((n) => n.toUpperCase() === part.toUpperCase());
    if (found === undefined) return false;
    here = join(here, found);
  }
  return true;
}
