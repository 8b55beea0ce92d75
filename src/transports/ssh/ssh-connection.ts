import type { Connection, ServerChannel, Session } from 'ssh2';
import type { Logger } from '../../logger.js';
import type { Exchange } from '../../session/caller.js';
import { printable, runExecCommand, type ExecContext, type ExecResult } from './exec-commands.js';
import { terminalForPty, type PtyRequest } from './pty-terminal.js';
import type { PasswordGuard } from '../../rules/login-guard.js';
import type { SshAccounts } from './ssh-accounts.js';
import { SshAuthenticator } from './ssh-auth.js';
import { SshCall } from './ssh-call.js';

export interface SshConnectionOptions {
  exchange: Exchange;
  log: Logger;
  accounts: SshAccounts;
  remote: string;
  frontDoorUser: string;
  maxAuthAttempts: number;
  guard?: PasswordGuard;
  exec: ExecContext;
  maxQueuedBytes: number;
  /** The caller reached the board (a shell started): the connection's deadline no longer applies. */
  onArrived: () => void;
  /** Cut the TCP connection now. */
  destroy: () => void;
}

/** Session channels one connection may hold open at once; one of them may be the board. */
const MAX_SESSIONS = 3;

type Accept = (() => void) | undefined;
type Reject = (() => void) | undefined;

/**
 * One SSH connection after its handshake: who it is, and what its channels
 * may do. A shell is the board, an exec is one of a few read-only commands;
 * everything else (sftp and other subsystems, port and agent forwarding, X11)
 * is refused.
 */
export function serveSshConnection(client: Connection, opts: SshConnectionOptions): void {
  const { log, remote } = opts;
  const auth = new SshAuthenticator({
    accounts: opts.accounts,
    log,
    remote,
    frontDoorUser: opts.frontDoorUser,
    maxAuthAttempts: opts.maxAuthAttempts,
    guard: opts.guard,
    onTooManyFailures: () => {
      client.end();
      // A client that ignores the disconnect still loses the line.
      setTimeout(opts.destroy, 1000).unref();
    },
  });
  const calls = new Set<SshCall>();
  let sessions = 0;
  let ended = false;
  const endConnection = (): void => {
    if (ended) return;
    ended = true;
    client.end();
    setTimeout(opts.destroy, 2000).unref();
  };

  client.on('authentication', (ctx) => auth.handle(ctx));
  client.on('ready', () => {
    const who = auth.identity;
    log.info('ssh authenticated', { remote, as: who?.kind === 'user' ? who.user.name : 'anonymous' });
  });
  client.on('session', (accept, reject) => {
    if (sessions >= MAX_SESSIONS) {
      reject();
      return;
    }
    sessions++;
    const session = accept();
    session.once('close', () => sessions--);
    serveSession(session);
  });
  client.on('tcpip', (_accept, reject, info) => {
    log.info('ssh port forwarding refused', { remote, to: `${info.destIP}:${info.destPort}` });
    reject();
  });
  client.on('openssh.streamlocal', (_accept, reject) => reject());
  client.on('request', (_accept: Accept, reject: Reject, name: string) => {
    log.info('ssh global request refused', { remote, request: name });
    reject?.();
  });
  client.on('close', () => {
    auth.close();
    for (const call of calls) call.hangup();
    calls.clear();
  });

  function serveSession(session: Session): void {
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
    // Accepted and ignored: nothing on the board reads the caller's environment.
    session.on('env', (accept: Accept) => accept?.());
    session.on('auth-agent', (_accept: Accept, reject: Reject) => reject?.());
    session.on('x11', (_accept: Accept, reject: Reject) => reject?.());
    session.on('signal', (accept: Accept) => accept?.());
    session.on('sftp', (_accept: unknown, reject: Reject) => {
      log.info('ssh subsystem refused', { remote, subsystem: 'sftp' });
      reject?.();
    });
    session.on('subsystem', (_accept: unknown, reject: Reject, info: { name: string }) => {
      log.info('ssh subsystem refused', { remote, subsystem: info.name });
      reject?.();
    });
    session.on('shell', (accept: () => ServerChannel | undefined, reject: Reject) => {
      const identity = auth.identity;
      if (calls.size > 0 || !identity) {
        reject?.();
        return;
      }
      const channel = accept();
      if (!channel) return;
      opts.onArrived();
      const placed = new SshCall(channel, {
        exchange: opts.exchange,
        log,
        remote,
        terminal: terminalForPty(pty),
        ...(identity.kind === 'user' ? { user: identity.user, offeredKey: identity.offeredKey } : {}),
        maxQueuedBytes: opts.maxQueuedBytes,
        hangUpOnEof: pty === null,
        endConnection,
        destroyConnection: opts.destroy,
      });
      call = placed;
      calls.add(placed);
      log.info('ssh call placed', { remote, call: placed.id, term: pty?.term ?? '', cols: pty?.cols ?? 0, rows: pty?.rows ?? 0 });
      channel.once('close', () => calls.delete(placed));
    });
    session.on('exec', (accept: () => ServerChannel | undefined, _reject: Reject, info: { command: string }) => {
      const channel = accept();
      if (!channel) return;
      channel.on('error', () => {});
      channel.stderr.on('error', () => {});
      const command = String(info.command);
      const answered = (result: ExecResult): void => {
        log.info('ssh command', { remote, command: printable(command), status: result.code });
        // With a pty nobody turns LF into CR LF for the caller's terminal; without one, their own tty does.
        const out = (text: string): string => (pty ? text.replace(/\r?\n/g, '\r\n') : text);
        if (result.stdout) channel.write(out(result.stdout));
        if (result.stderr) channel.stderr.write(out(result.stderr));
        channel.exit(result.code);
        channel.end();
      };
      runExecCommand(command, opts.exec)
        .catch((err: unknown): ExecResult => {
          log.error('ssh command failed', { remote, command: printable(command), err });
          return { stdout: '', stderr: 'bbs: the board could not answer just now; try again later\n', code: 1 };
        })
        .then(answered)
        .catch((err: unknown) => log.debug('ssh command answer lost', { remote, err: String(err) }));
    });
  }
}
