import type { ServerChannel, Session, SFTPWrapper } from 'ssh2';
import type { Logger } from '../../logger.js';
import { printable, runExecCommand, type ExecCaller, type ExecContext, type ExecResult } from './exec-commands.js';
import type { PtyRequest } from './pty-terminal.js';
import type { SshCall } from './ssh-call.js';

/** ssh2's answers to a request; undefined when the client asked for no reply. */
export type Accept = (() => void) | undefined;
export type Reject = (() => void) | undefined;

interface SessionChannelOptions {
  log: Logger;
  remote: string;
  exec: ExecContext;
  /** Who authenticated on this connection, for the commands that act as an account. */
  caller: () => ExecCaller;
  /** A shell was asked for: place the board on it (with the pty asked for before, if any), or refuse; the call placed, or null. */
  openShell: (accept: () => ServerChannel | undefined, reject: Reject, pty: PtyRequest | null) => SshCall | null;
  /** The sftp subsystem was asked for: serve the file areas on it, or refuse. */
  openSftp: (accept: () => SFTPWrapper | undefined, reject: Reject) => void;
}

/**
 * One session channel: a pty and its size changes, then a shell (the board),
 * an exec (one read-only command) or sftp (the file areas). Other subsystems,
 * agent and X11 forwarding are refused.
 */
export function serveSessionChannel(session: Session, opts: SessionChannelOptions): void {
  let pty: PtyRequest | null = null;
  let call: SshCall | null = null;
  session.on('pty', (accept: Accept, _reject: Reject, info: PtyRequest) => {
    pty = { term: String(info.term ?? ''), cols: info.cols, rows: info.rows };
    accept?.();
  });
  session.on('window-change', (accept: Accept, _reject: Reject, info: { cols: number; rows: number }) => {
    if (call) call.resize(info.cols, info.rows);
    else if (pty) pty = { ...pty, cols: info.cols, rows: info.rows };
    accept?.();
  });
  answerExtras(session, opts.log, opts.remote);
  session.on('sftp', (accept: () => SFTPWrapper | undefined, reject: Reject) => opts.openSftp(accept, reject));
  session.on('shell', (accept: () => ServerChannel | undefined, reject: Reject) => {
    call = opts.openShell(accept, reject, pty) ?? call;
  });
  session.on('exec', (accept: () => ServerChannel | undefined, _reject: Reject, info: { command: string }) => {
    const channel = accept();
    if (channel) answerExec(channel, String(info.command), () => pty !== null, opts);
  });
}

/** What a session may ask for besides a pty, a shell or a command: harmless requests are accepted, the rest refused. */
function answerExtras(session: Session, log: Logger, remote: string): void {
  // Accepted and ignored: nothing on the board reads the caller's environment.
  session.on('env', (accept: Accept) => accept?.());
  session.on('auth-agent', (_accept: Accept, reject: Reject) => reject?.());
  session.on('x11', (_accept: Accept, reject: Reject) => reject?.());
  session.on('signal', (accept: Accept) => accept?.());
  session.on('subsystem', (_accept: unknown, reject: Reject, info: { name: string }) => {
    log.info('ssh subsystem refused', { remote, subsystem: info.name });
    reject?.();
  });
}

/** Run one command and answer on its channel with its output and exit status; a failure is an answer too, never a hang. */
function answerExec(channel: ServerChannel, command: string, hasPty: () => boolean, opts: SessionChannelOptions): void {
  const { log, remote } = opts;
  channel.on('error', () => {});
  channel.stderr.on('error', () => {});
  const answered = (result: ExecResult): void => {
    log.info('ssh command', { remote, command: printable(command), status: result.code });
    // With a pty nobody turns LF into CR LF for the caller's terminal; without one, their own tty does.
    const out = (text: string): string => (hasPty() ? text.replace(/\r?\n/g, '\r\n') : text);
    if (result.stdout) channel.write(out(result.stdout));
    if (result.stderr) channel.stderr.write(out(result.stderr));
    channel.exit(result.code);
    channel.end();
  };
  runExecCommand(command, opts.exec, opts.caller())
    .catch((err: unknown): ExecResult => {
      log.error('ssh command failed', { remote, command: printable(command), err });
      return { stdout: '', stderr: 'bbs: the board could not answer just now; try again later\n', code: 1 };
    })
    .then(answered)
    .catch((err: unknown) => log.debug('ssh command answer lost', { remote, err: String(err) }));
}
